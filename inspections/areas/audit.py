"""The areas' records in the admins' site-wide audit trail (`inspections.audit`): who recorded or
changed intelligence, evaluations, good practice, indicators and their imports, and when. They
belong to no inspection, so an inspection's own trail has none of them."""

from __future__ import annotations

from inspections.audit import Part, Source

from .models import GoodPracticeNote, Indicator, IndicatorImport, IntelligenceNote, OtherEvaluation

AREA_RECORDS = Part("Areas' records")


def area_sources(*, inspection) -> list[Source]:
    if inspection is not None:
        return []
    return [
        # What intelligence says is for managers: the trail shows that it was recorded, by whom and when.
        AREA_RECORDS.history("Intelligence", IntelligenceNote.history.all(), "area", hidden={"text"}),
        AREA_RECORDS.history("Other evaluation", OtherEvaluation.history.all(), "title"),
        AREA_RECORDS.history("Good practice", GoodPracticeNote.history.all(), "area"),
        AREA_RECORDS.history("Indicator", Indicator.history.all(), "name"),
        AREA_RECORDS.history("Indicator import", IndicatorImport.history.all(), "original_name", excluded={"summary"}),
    ]
