"""Demo for case audits (filled in below)."""


def load(out) -> None:
    return None
