"""Everything the outcome report shows, in a fixed number of queries whatever the data size."""

from __future__ import annotations

from .models import Consultation, QuestionKind
from .selectors import theme_summaries
from .tables import consultation_tables


def report_context(*, consultation: Consultation) -> dict:
    tables = consultation_tables(consultation=consultation)
    text_questions = list(consultation.questions.filter(kind=QuestionKind.TEXT))
    # The public report never carries the automatic examples: only quotes an analyst chose.
    themes = [
        {
            "question": q,
            "themes": [{k: s[k] for k in ("theme", "count", "quotes")} for s in theme_summaries(question=q)],
        }
        for q in text_questions
    ]
    outcomes = list(consultation.outcomes.select_related("question"))
    parts: list[dict] = []
    for table in tables.questions:
        if not parts or parts[-1]["part"] != table.part:
            parts.append({"part": table.part, "tables": []})
        parts[-1]["tables"].append(table)
    return {
        "consultation": consultation,
        "tables": tables,
        "parts": parts,
        "text_questions": themes,
        "outcomes": outcomes,
    }
