"""What the API tests share: the inspectorates whose systems hold tokens, and the header a token goes in."""

INSPECTORATES = ["ofsted", "cqc", "hmic", "hmip"]


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
