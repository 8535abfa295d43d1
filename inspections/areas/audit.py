"""The areas' records in the admins' site-wide audit trail (`inspections.audit`): who recorded or
changed intelligence, evaluations, good practice, indicators and their imports, and when. They
belong to no inspection, so an inspection's own trail has none of them."""

from __future__ import annotations

from inspections.audit import Source

from .models import GoodPracticeNote, Indicator, IndicatorImport, IntelligenceNote, OtherEvaluation

AREA_RECORDS = "Areas' records"


def area_sources(*, inspection) -> list[Source]:
    if inspection is not None:
        return []
    return [
        # What intelligence says is for managers: the trail shows that it was recorded, by whom and when.
        Source(
            AREA_RECORDS,
            "Intelligence",
            IntelligenceNote.history.all(),
            name_field="area",
            hidden_fields=frozenset({"text"}),
        ),
        Source(AREA_RECORDS, "Other evaluation", OtherEvaluation.history.all(), name_field="title"),
        Source(AREA_RECORDS, "Good practice", GoodPracticeNote.history.all(), name_field="area"),
        Source(AREA_RECORDS, "Indicator", Indicator.history.all(), name_field="name"),
        Source(
            AREA_RECORDS,
            "Indicator import",
            IndicatorImport.history.all(),
            name_field="original_name",
            excluded_fields=frozenset({"summary"}),
        ),
    ]
