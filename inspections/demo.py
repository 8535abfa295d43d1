"""Demo programme for `load_demo`: areas, agencies, people, accounts and six 2016 inspections."""


def load(out) -> None:
    pass
