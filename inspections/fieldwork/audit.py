"""The week on site's part of an inspection's audit trail (`inspections.audit`): every version of
every evidence record and emerging finding, with who changed it and when. The text is never shown
here, only that it changed: it may be about a child."""

from __future__ import annotations

from inspections.audit import Source

from .models import EmergingFinding, EvidenceRecord

FIELDWORK = "The week on site"
FREE_TEXT = frozenset({"text"})


def fieldwork_sources(*, inspection) -> list[Source]:
    of = {} if inspection is None else {"inspection_id": inspection.pk}
    return [
        Source(
            FIELDWORK,
            "Evidence record",
            EvidenceRecord.history.filter(**of),
            name_field="kind",
            hidden_fields=FREE_TEXT,
            excluded_fields=frozenset({"inspection", "created_at", "amended_at", "amended_by"}),
        ),
        Source(
            FIELDWORK,
            "Emerging finding",
            EmergingFinding.history.filter(**of),
            name_field="scope_area",
            hidden_fields=FREE_TEXT,
            excluded_fields=frozenset({"inspection", "recorded_at"}),
        ),
    ]
