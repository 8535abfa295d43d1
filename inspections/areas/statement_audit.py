"""The written statement of action's part of an inspection's audit trail (`inspections.audit`):
the statement's sending and reviews, its actions and the documents attached."""

from __future__ import annotations

from inspections.audit import Part, Source, inspection_rows, rows_under

from .statement_models import StatementAction, StatementAttachment, StatementReview, WrittenStatement

# Where files are kept and the worker's bookkeeping are not worth a line.
STATEMENT = Part(
    "Written statement of action",
    excluded_fields=frozenset({"statement", "created_at", "size", "file", "uploaded_at", "reviewed_at"}),
)


def statement_sources(*, inspection) -> list[Source]:
    of = inspection_rows(inspection)
    statements = rows_under(inspection, "statement", WrittenStatement.history.filter(**of))
    return [
        STATEMENT.history("Written statement of action", WrittenStatement.history.filter(**of)),
        STATEMENT.history("Action", StatementAction.history.filter(**statements), "recommendation"),
        STATEMENT.history("Document", StatementAttachment.history.filter(**statements), "original_name"),
        STATEMENT.history("Review", StatementReview.history.filter(**statements), "decision"),
    ]
