"""The week on site's part of an inspection's audit trail (`inspections.audit`): every version of
every evidence record and emerging finding, with who changed it and when. The text is never shown
here, only that it changed: it may be about a child. (The inspection goes without saying: the
trail never shows it.)"""

from __future__ import annotations

from inspections.audit import Part, Source, inspection_rows

from .models import EmergingFinding, EvidenceRecord

FIELDWORK = Part("The week on site", hidden_fields=frozenset({"text"}))


def fieldwork_sources(*, inspection) -> list[Source]:
    of = inspection_rows(inspection)
    return [
        FIELDWORK.history(
            "Evidence record",
            EvidenceRecord.history.filter(**of),
            "kind",
            excluded={"created_at", "amended_at", "amended_by"},
        ),
        FIELDWORK.history(
            "Emerging finding", EmergingFinding.history.filter(**of), "scope_area", excluded={"recorded_at"}
        ),
    ]
