"""The written statement of action's part of an inspection's audit trail (`inspections.audit`):
the statement's sending and reviews, its actions and the documents attached."""

from __future__ import annotations

from inspections.audit import Source

from .statement_models import StatementAction, StatementAttachment, StatementReview, WrittenStatement

STATEMENT = "Written statement of action"
# Where files are kept and the worker's bookkeeping are not worth a line.
BOOKKEEPING = frozenset({"statement", "created_at", "size", "file", "uploaded_at", "reviewed_at"})


def statement_sources(*, inspection) -> list[Source]:
    if inspection is None:
        of, statements = {}, {}
    else:
        of = {"inspection_id": inspection.pk}
        statements = {"statement_id__in": WrittenStatement.history.filter(inspection_id=inspection.pk).values("id")}
    return [
        Source(STATEMENT, "Written statement of action", WrittenStatement.history.filter(**of)),
        Source(
            STATEMENT,
            "Action",
            StatementAction.history.filter(**statements),
            name_field="recommendation",
            excluded_fields=BOOKKEEPING,
        ),
        Source(
            STATEMENT,
            "Document",
            StatementAttachment.history.filter(**statements),
            name_field="original_name",
            excluded_fields=BOOKKEEPING,
        ),
        Source(
            STATEMENT,
            "Review",
            StatementReview.history.filter(**statements),
            name_field="decision",
            excluded_fields=BOOKKEEPING,
        ),
    ]
