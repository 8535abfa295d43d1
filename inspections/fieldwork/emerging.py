"""Emerging findings: each evening on site the lead records the team's findings of the day, by part
of the scope, each resting on records of the inspection."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db import transaction

from inspections import permissions
from inspections.calendar import working_calendar
from inspections.models import Inspection, MilestoneKey
from jtai.errors import DomainError, required_choice, required_text

from . import access
from .models import EmergingFinding, EvidenceRecord, Weight
from .selectors import options_for


def days_on_site(inspection: Inspection) -> list[datetime.date]:
    """The working days from the first day on site to the last, as the timeline has them."""
    dates = dict(
        inspection.milestones.filter(key__in=[MilestoneKey.ONSITE_START, MilestoneKey.ONSITE_END]).values_list(
            "key", "date"
        )
    )
    first = dates.get(MilestoneKey.ONSITE_START, inspection.onsite_start)
    last = dates.get(MilestoneKey.ONSITE_END, first)
    calendar = working_calendar()
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


@transaction.atomic
def emerging_finding_record(
    *,
    user,
    inspection: Inspection,
    day: datetime.date,
    scope_area: str,
    weight: str,
    text: str,
    records: Iterable[str],
) -> EmergingFinding:
    """Record one emerging finding of a day on site, resting on the inspection's records. The lead
    inspector (or a manager) records them, while the inspection is on site or reporting."""
    permissions.require(
        access.may_record_findings(user, inspection),
        "Only the lead inspector records the team's emerging findings, while the inspection is on site or reporting.",
    )
    if day not in days_on_site(inspection):
        raise DomainError("day", "Choose one of the days on site")
    options = options_for(inspection)
    if scope_area not in options.scope_areas:
        raise DomainError("scope_area", "Choose a part of the scope")
    required_choice("weight", weight, Weight, "Choose whether this is a strength, an area for improvement or context")
    required_text("text", text, "Enter the emerging finding")
    try:
        ids = list(dict.fromkeys(uuid.UUID(str(r)) for r in records))
    except ValueError:
        raise DomainError("records", "Choose records of this inspection") from None
    if not ids:
        raise DomainError("records", "Choose the records the finding rests on")
    found = list(EvidenceRecord.objects.filter(inspection=inspection, pk__in=ids))
    if len(found) != len(ids):
        raise DomainError("records", "Choose records of this inspection")
    finding = EmergingFinding(
        inspection=inspection,
        day=day,
        scope_area=options.scope_areas[scope_area],
        weight=weight,
        text=text.strip(),
        recorded_by=user,
    )
    finding._history_user = user
    finding.save()
    finding.records.set(found)
    return finding
