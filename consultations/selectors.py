"""What the consultations pages read, each in a fixed number of queries whatever the data size.

Reads only: nothing here writes, and nothing here imports a service, a view or a task."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, QuerySet, Window
from django.db.models.functions import RowNumber
from redis.exceptions import RedisError

from .keywords import suggested_themes, terms
from .models import (
    Answer,
    Coding,
    CodingChange,
    Consultation,
    Question,
    QuestionKind,
    ReportPdf,
    Respondent,
    ResponseImport,
    Theme,
)
from .tables import consultation_tables

logger = logging.getLogger(__name__)

EXAMPLES_PER_THEME = 3
ANSWERS_PER_PAGE = 50


def consultation_list() -> QuerySet[Consultation]:
    return Consultation.objects.all()


def report_pdf_get(*, consultation: Consultation) -> ReportPdf | None:
    return ReportPdf.objects.filter(consultation=consultation).first()


def consultation_overview(*, consultation: Consultation) -> dict:
    return {
        "tables": consultation_tables(consultation=consultation),
        "text_questions": consultation.questions.filter(kind=QuestionKind.TEXT),
        "imports": consultation.imports.select_related("created_by")[:10],
        "pdf": report_pdf_get(consultation=consultation),
    }


def import_progress_key(import_id: int) -> str:
    return f"consultations:import-progress:{import_id}"


def import_progress(*, response_import: ResponseImport) -> dict | None:
    """How far a running import has got, as its worker reports it through the cache (the rows
    themselves stay invisible until the import's one transaction commits). None once finished."""
    if response_import.is_finished or response_import.is_awaiting_confirmation:
        return None
    try:
        progress = cache.get(import_progress_key(response_import.pk))
    except (RedisError, OSError):  # the cache is down: the page says how far it got as if nothing were reported
        logger.warning("Import progress unknown: the cache cannot be reached", exc_info=True)
        progress = None
    progress = progress or {"rows": 0, "bytes": 0}
    size = response_import.size or 1
    progress["percent"] = min(99, progress["bytes"] * 100 // size)
    return progress


def theme_summaries(*, question: Question) -> list[dict]:
    """Each theme with its count of answers, a few example answers (for analysts only) and the
    quotes an analyst chose for publication: three queries."""
    themes = list(question.themes.annotate(n=Count("codings")).order_by("position", "id"))
    examples: dict[int, list[str]] = {t.pk: [] for t in themes}
    # Each distinct text once (respondents often send the same words), earliest answer first.
    rows = (
        Coding.objects.filter(theme__question=question)
        .exclude(answer__text="")
        .values("theme_id", "answer__text")
        .annotate(first=Min("answer_id"))
        .annotate(rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=[F("first").asc()]))
        .filter(rank__lte=EXAMPLES_PER_THEME)
        .values_list("theme_id", "first", "answer__text")
    )
    for theme_id, _, text in sorted(rows):
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
        counter.update(terms(text))
    return [(term, n) for term, n in counter.most_common() if n > 1 and term not in taken][:limit]


def question_themes(*, question: Question) -> list[Theme]:
    return list(question.themes.all())


@dataclass
class CodingRow:
    answer: Answer
    tagged: set[int]
    tagged_themes: list[Theme]
    quoted: set[int]
    suggestions: list[tuple[Theme, str]]


def coding_answers(
    *,
    question: Question,
    themes: list[Theme],
    theme_filter: int | str | None,
    page_number,
    per_page: int = ANSWERS_PER_PAGE,
) -> tuple[Page, list[CodingRow]]:
    """One page of the question's answers with their tags, quotes and keyword suggestions.

    `theme_filter`: a theme's id (answers tagged with it), "none" (answers not coded yet) or None."""
    answers = Answer.objects.filter(question=question).select_related("respondent").prefetch_related("codings")
    if theme_filter == "none":
        answers = answers.filter(codings__isnull=True)
    elif theme_filter is not None:
        answers = answers.filter(codings__theme_id=theme_filter)
    page = Paginator(answers.order_by("id"), per_page).get_page(page_number)
    rows = []
    for answer in page:
        codings = list(answer.codings.all())
        tagged = {c.theme_id for c in codings}
        rows.append(
            CodingRow(
                answer=answer,
                tagged=tagged,
                tagged_themes=[t for t in themes if t.pk in tagged],
                quoted={c.theme_id for c in codings if c.is_quoted},
                suggestions=[(t, k) for t, k in suggested_themes(answer.text, themes) if t.pk not in tagged],
            )
        )
    return page, rows


def coding_changes(*, question: Question, limit: int = 10) -> list[CodingChange]:
    return list(
        CodingChange.objects.filter(theme__question=question)
        .select_related("changed_by", "theme", "answer__respondent")
        .order_by("-changed_at", "-id")[:limit]
    )


def consultation_definition(*, consultation: Consultation) -> dict:
    """The consultation as a `load_consultation` file, so an edit of it goes through the same load."""
    questions = consultation.questions.prefetch_related("options")
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "summary": consultation.summary,
        "outcome_summary": consultation.outcome_summary,
        "opens_on": consultation.opens_on.isoformat() if consultation.opens_on else None,
        "closes_on": consultation.closes_on.isoformat() if consultation.closes_on else None,
        "channels": [
            {"code": c.code, "label": c.label, "asks_sector": c.asks_sector} for c in consultation.channels.all()
        ],
        "sectors": [s.label for s in consultation.sectors.all()],
        "questions": [
            {"code": q.code, "text": q.text, "type": q.kind, "part": q.part}
            | ({"options": [o.label for o in q.options.all()]} if q.is_choice else {})
            for q in questions
        ],
    }


def import_confirmation(*, response_import: ResponseImport) -> dict | None:
    """What confirming a checked upload would do to the published totals."""
    if not response_import.is_awaiting_confirmation:
        return None
    before = Respondent.objects.filter(consultation_id=response_import.consultation_id).count()
    return {"adds": response_import.created_count, "before": before, "after": before + response_import.created_count}
