"""Demo for the notifications: an inspection whose notification falls due soon after start-up."""


def load(out) -> None:
    pass
