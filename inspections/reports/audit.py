"""The reports' part of an inspection's audit trail (`inspections.audit`): findings and
recommendations, the letter and its versions, its publication and the factual-accuracy response
(the written statement of action that follows is the areas app's)."""

from __future__ import annotations

from inspections.audit import REFERENCE_DATA, Source

from .models import (
    FactualAccuracyComment,
    FactualAccuracyResponse,
    Finding,
    Letter,
    LetterTemplate,
    LetterVersion,
    Recommendation,
    ThematicEdition,
    ThematicReport,
)

FINDINGS = "Findings and recommendations"
LETTER = "Letter"
FACTUAL_ACCURACY = "Factual accuracy"
THEMATIC = "Thematic reports"
# The worker's bookkeeping and where files are kept are not worth a line.
BOOKKEEPING = frozenset({"letter", "created_at", "size", "rendered_at", "file", "uploaded_at"})


def report_sources(*, inspection) -> list[Source]:
    if inspection is None:
        of, letters = {}, {}
    else:
        of = {"inspection_id": inspection.pk}
        letters = {"letter_id__in": Letter.history.filter(inspection_id=inspection.pk).values("id")}
    sources = [
        Source(FINDINGS, "Finding", Finding.history.filter(**of), name_field="headline", excluded_fields=BOOKKEEPING),
        Source(FINDINGS, "Recommendation", Recommendation.history.filter(**of), name_field="scope_area"),
        Source(LETTER, "Letter", Letter.history.filter(**of)),
        Source(
            LETTER,
            "Letter version",
            LetterVersion.history.filter(**letters),
            name_field="number",
            excluded_fields=BOOKKEEPING,
        ),
        Source(
            FACTUAL_ACCURACY,
            "Comment on paragraph",
            FactualAccuracyComment.history.filter(**letters),
            name_field="paragraph",
            excluded_fields=BOOKKEEPING | {"merged_into"},
        ),
        Source(
            FACTUAL_ACCURACY,
            "Factual-accuracy response",
            FactualAccuracyResponse.history.filter(**letters),
            excluded_fields=BOOKKEEPING,
        ),
    ]
    if inspection is None:
        sources += [
            Source(REFERENCE_DATA, "Letter template", LetterTemplate.history.all(), name_field="framework"),
            Source(THEMATIC, "Thematic report", ThematicReport.history.all(), name_field="theme"),
            Source(THEMATIC, "Thematic report edition", ThematicEdition.history.all(), name_field="report"),
        ]
    return sources
