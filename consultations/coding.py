"""Coding free text: a frame of themes per question, answers tagged with several themes,
keyword suggestions, and an audit row for every tag added or removed."""

from __future__ import annotations

import re
from collections import Counter

from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jtai.errors import DomainError

from .models import Answer, Coding, CodingChange, Question, Theme
from .permissions import require_change
from .report_pdf import report_pdf_request

EXAMPLES_PER_THEME = 3
_WORD = re.compile(r"[a-z][a-z'’-]+")
_STOPWORDS = set(
    """a about above after again all also an and any are as at be because been before being below between both but
    by can could did do does doing down during each few for from further had has have having he her here hers him his
    how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your yours
    where's it's don't them it’s area areas good practice best local identify inspectorates could would may""".split()  # noqa: SIM905
)


@transaction.atomic
def theme_save(
    *, question: Question, name: str, description: str = "", keywords: str = "", user, theme: Theme | None = None
) -> Theme:
    require_change(user)
    if question.is_choice:
        raise DomainError("name", "Themes are for free-text questions.")
    name = name.strip()
    if not name:
        raise DomainError("name", "Enter the theme's name.")
    clash = Theme.objects.filter(question=question, name__iexact=name)
    if theme is not None:
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise DomainError("name", f"There is already a theme called “{name}” for this question.")
    keywords = ", ".join(k.strip() for k in keywords.split(",") if k.strip())
    report_pdf_request(consultation=question.consultation)
    if theme is None:
        position = Theme.objects.filter(question=question).count()
        return Theme.objects.create(
            question=question, name=name, description=description.strip(), keywords=keywords, position=position
        )
    theme.name, theme.description, theme.keywords = name, description.strip(), keywords
    theme.save()
    return theme


def _add(answer: Answer, theme: Theme, user, reason: str) -> bool:
    _, created = Coding.objects.get_or_create(answer=answer, theme=theme, defaults={"coded_by": user})
    if created:
        CodingChange.objects.create(
            answer=answer, theme=theme, action=CodingChange.Action.ADDED, changed_by=user, reason=reason
        )
    return created


@transaction.atomic
def answer_code(*, answer: Answer, themes: list[Theme], user, reason: str = "") -> tuple[int, int]:
    """Make `themes` the answer's tags; returns (added, removed). Tags already there are untouched."""
    require_change(user)
    wanted = {t.pk: t for t in themes}
    for theme in themes:
        if theme.question_id != answer.question_id:
            raise DomainError("themes", f"“{theme}” belongs to another question.")
    current = {c.theme_id: c for c in Coding.objects.select_for_update().filter(answer=answer).select_related("theme")}
    added = sum(_add(answer, wanted[pk], user, reason) for pk in wanted.keys() - current.keys())
    removed = 0
    for pk in current.keys() - wanted.keys():
        coding = current[pk]
        if coding.is_quoted:
            CodingChange.objects.create(
                answer=answer,
                theme=coding.theme,
                action=CodingChange.Action.UNQUOTED,
                changed_by=user,
                reason="the theme was taken off the answer",
            )
        CodingChange.objects.create(
            answer=answer, theme=coding.theme, action=CodingChange.Action.REMOVED, changed_by=user, reason=reason
        )
        coding.delete()
        removed += 1
    if added or removed:
        report_pdf_request(consultation=answer.question.consultation)
    return added, removed


@transaction.atomic
def quote_choose(*, answer: Answer, theme: Theme, user) -> bool:
    """Let the published report print this answer as a quote for `theme`; False if it already does.

    Respondents' words are never published unless an analyst chooses them here."""
    require_change(user)
    coding = Coding.objects.select_for_update().filter(answer=answer, theme=theme).first()
    if coding is None:
        raise DomainError("theme", f"Tag the answer with “{theme}” before choosing it as a quote for it.")
    if coding.is_quoted:
        return False
    coding.quoted_at = timezone.now()
    coding.quoted_by = user
    coding.save(update_fields=["quoted_at", "quoted_by"])
    CodingChange.objects.create(answer=answer, theme=theme, action=CodingChange.Action.QUOTED, changed_by=user)
    report_pdf_request(consultation=theme.question.consultation)
    return True


@transaction.atomic
def quote_withdraw(*, answer: Answer, theme: Theme, user) -> bool:
    """Take the answer out of the published report's quotes for `theme`; False if it was not one."""
    require_change(user)
    coding = Coding.objects.select_for_update().filter(answer=answer, theme=theme).first()
    if coding is None or not coding.is_quoted:
        return False
    coding.quoted_at = None
    coding.quoted_by = None
    coding.save(update_fields=["quoted_at", "quoted_by"])
    CodingChange.objects.create(answer=answer, theme=theme, action=CodingChange.Action.UNQUOTED, changed_by=user)
    report_pdf_request(consultation=theme.question.consultation)
    return True


def suggested_themes(text: str, themes: list[Theme]) -> list[tuple[Theme, str]]:
    """Themes whose keywords appear in the text, with the keyword that matched."""
    lowered = text.lower()
    found = []
    for theme in themes:
        for keyword in theme.keyword_list:
            if keyword in lowered:
                found.append((theme, keyword))
                break
    return found


@transaction.atomic
def coding_apply_suggestions(*, question: Question, user) -> int:
    """Tag every answer with each theme a keyword suggests; never removes a tag. Returns tags added."""
    require_change(user)
    themes = [t for t in question.themes.all() if t.keyword_list]
    if not themes:
        return 0
    added = 0
    for answer in (
        Answer.objects.filter(question=question)
        .exclude(text="")
        .only("id", "question_id", "text")
        .iterator(chunk_size=2000)
    ):
        for theme, keyword in suggested_themes(answer.text, themes):
            added += _add(answer, theme, user, f"keyword “{keyword}”")
    if added:
        report_pdf_request(consultation=question.consultation)
    return added


def theme_summaries(*, question: Question) -> list[dict]:
    """Each theme with its count of answers, a few example answers (for analysts only) and the
    quotes an analyst chose for publication: three queries."""
    themes = list(question.themes.annotate(n=Count("codings")).order_by("position", "id"))
    examples: dict[int, list[str]] = {t.pk: [] for t in themes}
    rows = (
        Coding.objects.filter(theme__question=question)
        .annotate(rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=[F("answer_id").asc()]))
        .filter(rank__lte=EXAMPLES_PER_THEME)
        .values_list("theme_id", "answer__text")
    )
    for theme_id, text in rows:
        examples[theme_id].append(text)
    quotes: dict[int, list[str]] = {t.pk: [] for t in themes}
    for theme_id, text in (
        Coding.objects.filter(theme__question=question, quoted_at__isnull=False)
        .order_by("quoted_at", "id")
        .values_list("theme_id", "answer__text")
    ):
        quotes[theme_id].append(text)
    return [{"theme": t, "count": t.n, "examples": examples[t.pk], "quotes": quotes[t.pk]} for t in themes]


def keyword_suggestions(*, question: Question, limit: int = 12, sample: int = 2000) -> list[tuple[str, int]]:
    """Frequent words and two-word phrases in answers nobody has coded yet, not yet any theme's keyword."""
    taken = {k for t in question.themes.all() for k in t.keyword_list}
    counter: Counter[str] = Counter()
    texts = (
        Answer.objects.filter(question=question, codings__isnull=True)
        .exclude(text="")
        .values_list("text", flat=True)[:sample]
    )
    for text in texts:
        words = _WORD.findall(text.lower())
        terms = {w for w in words if w not in _STOPWORDS and len(w) > 3}
        terms |= {
            f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a not in _STOPWORDS and b not in _STOPWORDS
        }
        counter.update(terms)
    return [(term, n) for term, n in counter.most_common() if n > 1 and term not in taken][:limit]
