"""Planning warns of another framework's inspection of the area near the week on site, as it
warns of this service's own (the core's `planning_warnings` registry)."""

from __future__ import annotations

import datetime

from django.template.defaultfilters import pluralize

from inspections.calendar import govuk_date
from inspections.models import Area
from inspections.planning_warnings import PlanningWarning

from .selectors import evaluations_near


def other_inspection_warnings(*, area: Area, onsite_start: datetime.date, months: int, viewer) -> list[PlanningWarning]:
    # What other frameworks published is no secret: every planner may read it on the area's page.
    return [
        PlanningWarning(
            "area_repeat_other_framework",
            f"{area.name} had another inspection, “{evaluation.title}”, "
            f"on {govuk_date(evaluation.date, weekday=False)}, "
            f"within {months} month{pluralize(months)} of this one.",
        )
        for evaluation in evaluations_near(area=area, onsite_start=onsite_start, months=months)
    ]
