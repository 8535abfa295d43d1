"""Demo for the consultations app: the 2015 JTAI consultation from the seed."""


def load(out) -> None:
    pass
