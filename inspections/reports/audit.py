"""The reports' part of an inspection's audit trail (`inspections.audit`): findings and
recommendations, the letter and its versions, its publication and the factual-accuracy response
(the written statement of action that follows is the areas app's)."""

from __future__ import annotations

from inspections.audit import Part, Source, inspection_rows, reference_sources, rows_under

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

# The worker's bookkeeping and where files are kept are not worth a line.
BOOKKEEPING = frozenset({"letter", "created_at", "size", "rendered_at", "file", "uploaded_at"})
FINDINGS = Part("Findings and recommendations", excluded_fields=BOOKKEEPING)
LETTER = Part("Letter", excluded_fields=BOOKKEEPING)
FACTUAL_ACCURACY = Part("Factual accuracy", excluded_fields=BOOKKEEPING)
THEMATIC = Part("Thematic reports")


def report_sources(*, inspection) -> list[Source]:
    of = inspection_rows(inspection)
    letters = rows_under(inspection, "letter", Letter.history.filter(**of))
    sources = [
        FINDINGS.history("Finding", Finding.history.filter(**of), "headline"),
        FINDINGS.history("Recommendation", Recommendation.history.filter(**of), "scope_area"),
        LETTER.history("Letter", Letter.history.filter(**of)),
        LETTER.history("Letter version", LetterVersion.history.filter(**letters), "number"),
        FACTUAL_ACCURACY.history(
            "Comment on paragraph",
            FactualAccuracyComment.history.filter(**letters),
            "paragraph",
            excluded={"merged_into"},
        ),
        FACTUAL_ACCURACY.history("Factual-accuracy response", FactualAccuracyResponse.history.filter(**letters)),
    ]
    sources += reference_sources(inspection, (LetterTemplate, "Letter template", "framework"))
    if inspection is None:
        sources += [
            THEMATIC.history("Thematic report", ThematicReport.history.all(), "theme"),
            THEMATIC.history("Thematic report edition", ThematicEdition.history.all(), "report"),
        ]
    return sources
