"""Free text about children should never hold a name with a date of birth. A warning, not
a block: the person writing sees it before saving and may save anyway."""

from __future__ import annotations

import re

from jtai.errors import DomainError

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
MONTHS_SHORT = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
DATE = re.compile(
    r"\b(\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})"
    rf"|\d{{1,2}}(st|nd|rd|th)?\s+({MONTHS}|{MONTHS_SHORT})\.?,?\s+\d{{4}}"
    rf"|({MONTHS}|{MONTHS_SHORT})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
# Two or three capitalised words in a row, e.g. "Jane Smith", "Mary-Ann O'Neil".
NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]*(?:[-'][A-Z]?[a-z]+)?){1,2}\b")
# Capitalised pairs that are the service's own words, not names.
NOT_NAMES = {
    "children's services",
    "social care",
    "youth offending",
    "local authority",
}
_NOT_NAME_WORDS = {m.capitalize() for m in (MONTHS + "|" + MONTHS_SHORT).split("|")} | {
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "He",
    "She",
    "They",
    "Police",
    "Council",
    "Health",
    "Probation",
    "School",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}


def _looks_like_name(text: str) -> bool:
    for match in NAME.finditer(text):
        words = match.group(0).split()
        if any(w in _NOT_NAME_WORDS for w in words):
            continue
        if match.group(0).lower() in NOT_NAMES:
            continue
        return True
    return False


def name_and_birth_date(*texts: str) -> bool:
    """Whether the text holds something like a person's name together with a date."""
    joined = "\n".join(t for t in texts if t)
    return bool(DATE.search(joined)) and _looks_like_name(joined)


def boxes_to_check(texts: dict[str, str]) -> list[str]:
    """The boxes (keys of `texts`, in order) that set the warning off: each one holding a name with
    a date; or, when the name and the date are in different boxes, each holding either. None when
    the texts together raise no warning."""
    if not name_and_birth_date(*texts.values()):
        return []
    both = [key for key, text in texts.items() if text and name_and_birth_date(text)]
    if both:
        return both
    return [key for key, text in texts.items() if text and (DATE.search(text) or _looks_like_name(text))]


WARNING = (
    "This looks like it may include a child's name and date of birth. Identify children only by the "
    "area's case reference. Change the text, or save it anyway if it does not identify a child."
)


class PersonalDataWarning(DomainError):
    """Free text looks like a child's name with a date of birth: shown before saving, with
    "save anyway". `fields` are the boxes that set it off, for the page to link to."""

    def __init__(self, fields: list[str]):
        super().__init__(fields[0], WARNING)
        self.fields = fields


def warn(confirmed: bool, texts: dict[str, str]) -> None:
    """Refuse text that looks like a name with a date of birth (`texts` by the box each is typed
    in), naming the boxes that set it off, unless the writer has `confirmed` it does not identify
    a child."""
    fields = [] if confirmed else boxes_to_check(texts)
    if fields:
        raise PersonalDataWarning(fields)
