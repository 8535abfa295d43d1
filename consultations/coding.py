"""Coding free text: a frame of themes per question, answers tagged with several themes
(by hand or as keywords suggest), and an audit row for every tag added or removed.

What the coding page reads (summaries, keyword suggestions) is in `selectors.py`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jtai.errors import DomainError, required_text

from .keywords import suggested_themes
from .models import Answer, Coding, CodingChange, Question, Theme
from .permissions import require_change
from .report_pdf import report_pdf_request


@transaction.atomic
def theme_save(
    *, question: Question, name: str, description: str = "", keywords: str = "", user, theme: Theme | None = None
) -> Theme:
    require_change(user)
    if question.is_choice:
        raise DomainError("question", "Themes are for free-text questions.")
    name = required_text("name", name, "Enter the theme's name.")
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
    _quote_set(coding, answer=answer, theme=theme, quoted=True, user=user)
    return True


@transaction.atomic
def quote_withdraw(*, answer: Answer, theme: Theme, user) -> bool:
    """Take the answer out of the published report's quotes for `theme`; False if it was not one."""
    require_change(user)
    coding = Coding.objects.select_for_update().filter(answer=answer, theme=theme).first()
    if coding is None or not coding.is_quoted:
        return False
    _quote_set(coding, answer=answer, theme=theme, quoted=False, user=user)
    return True


def _quote_set(coding: Coding, *, answer: Answer, theme: Theme, quoted: bool, user) -> None:
    """Choose or withdraw the quote, keep the change in the coding's trail, and have a published
    report's PDF made again."""
    coding.quoted_at = timezone.now() if quoted else None
    coding.quoted_by = user if quoted else None
    coding.save(update_fields=["quoted_at", "quoted_by"])
    action = CodingChange.Action.QUOTED if quoted else CodingChange.Action.UNQUOTED
    CodingChange.objects.create(answer=answer, theme=theme, action=action, changed_by=user)
    report_pdf_request(consultation=theme.question.consultation)


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
