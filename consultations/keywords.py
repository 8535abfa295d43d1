"""Keywords in free text: which themes an answer's words suggest, and which words recur.

Pure: text in, terms out. The coding service tags with it and the coding page reads with it."""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

_WORD = re.compile(r"[a-z][a-z'’-]+")
_STOPWORDS = set(
    """a about above after again all also an and any are as at be because been before being below between both but
    by can could did do does doing down during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your yours
    where's it's don't them it’s area areas good practice best local identify inspectorates could would may""".split()  # noqa: SIM905
)


class HasKeywords(Protocol):
    @property
    def keyword_list(self) -> list[str]: ...


T = TypeVar("T", bound=HasKeywords)


def suggested_themes(text: str, themes: list[T]) -> list[tuple[T, str]]:
    """Themes whose keywords appear in the text, with the keyword that matched."""
    lowered = text.lower()
    found = []
    for theme in themes:
        for keyword in theme.keyword_list:
            if keyword in lowered:
                found.append((theme, keyword))
                break
    return found


def terms(text: str) -> set[str]:
    """The words and two-word phrases of a text worth suggesting as keywords."""
    words = _WORD.findall(text.lower())
    found = {w for w in words if w not in _STOPWORDS and len(w) > 3}
    found |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a not in _STOPWORDS and b not in _STOPWORDS}
    return found
