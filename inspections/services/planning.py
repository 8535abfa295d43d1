"""Plan an inspection, preview its timeline, move its dates."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jtai.errors import DomainError

from .. import permissions, timeline
from ..calendar import WorkingCalendar, working_calendar
from ..models import (
    Area,
    FrameworkVersion,
    Inspection,
    Inspector,
    Milestone,
    MilestoneKey,
    Programme,
    Stage,
    TeamMembership,
    Theme,
)
from ..signals import plan_changed_send
from .contacts import contacts_prefill
from .meetings import meeting_details_clean


@dataclass(frozen=True)
class PlanningWarning:
    code: str
    message: str


@dataclass(frozen=True)
class Preview:
    milestones: list[timeline.Milestone]
    warnings: list[PlanningWarning]
    holidays_in_notice: list[tuple[datetime.date, str]]

    def date_of(self, key: str) -> datetime.date:
        return next(m.date for m in self.milestones if m.key == key)


def _overlap_warnings(
    *,
    viewer,
    inspectors: list[Inspector],
    onsite_start: datetime.date,
    onsite_end: datetime.date,
    exclude_pk: int | None,
    calendar: WorkingCalendar,
) -> list[PlanningWarning]:
    warnings = []
    clashes = (
        TeamMembership.objects.filter(
            inspector__in=inspectors,
            inspection__stage__in=Stage.active(),
            inspection__onsite_start__lte=onsite_end,
        )
        .exclude(inspection_id=exclude_pk)
        .select_related("inspection", "inspection__framework", "inspector__user")
    )
    # A planner may learn that an inspector is busy, but not of an inspection they could not see.
    visible = set(permissions.visible_inspections(viewer).values_list("pk", flat=True)) if viewer else set()
    for membership in clashes:
        other = membership.inspection
        other_end = timeline.last_day_on_site(other.onsite_start, other.framework, calendar)
        if other_end >= onsite_start:
            which = other.reference if other.pk in visible else "another inspection"
            warnings.append(
                PlanningWarning(
                    "inspector_overlap",
                    f"{membership.inspector.name} is already on site for {which} "
                    f"from {other.onsite_start:%-d %B %Y} to {other_end:%-d %B %Y}.",
                )
            )
    return warnings


def _programme_warnings(
    *, viewer, programme: Programme, onsite_start: datetime.date, onsite_end: datetime.date, exclude_pk: int | None
) -> list[PlanningWarning]:
    warnings = []
    if not programme.covers(onsite_start, onsite_end):
        warnings.append(
            PlanningWarning(
                "outside_programme",
                f"The week on site falls outside {programme.name}, which runs from "
                f"{programme.starts_on:%-d %B %Y} to {programme.ends_on:%-d %B %Y}.",
            )
        )
    # How many inspections a programme holds is itself a count of planned inspections: managers only.
    if programme.max_inspections is not None and viewer is not None and permissions.is_manager(viewer):
        taken = programme.inspections.exclude(stage=Stage.CANCELLED).exclude(pk=exclude_pk).count()
        if taken >= programme.max_inspections:
            warnings.append(
                PlanningWarning(
                    "programme_full",
                    f"{programme.name} already has {taken} inspections, its most is {programme.max_inspections}.",
                )
            )
    return warnings


def inspection_preview(
    *,
    framework: FrameworkVersion,
    onsite_start: datetime.date,
    inspectors: list[Inspector] = (),
    programme: Programme | None = None,
    viewer=None,
    exclude_pk: int | None = None,
    already_notified: bool = False,
    calendar: WorkingCalendar | None = None,
) -> Preview:
    """The timeline and warnings for a proposed week on site, as `viewer` may see them. Raises TimelineError."""
    calendar = calendar or working_calendar()
    milestones = timeline.compute(onsite_start, timeline.Rules.from_framework(framework), calendar)
    notification_date = milestones[0].date
    onsite_end = timeline.last_day_on_site(onsite_start, framework, calendar)
    warnings = []
    if not already_notified and milestones[0].moment <= timezone.now():
        warnings.append(
            PlanningWarning(
                "notification_passed",
                f"The notification date, {notification_date:%A %-d %B %Y}, has already passed: "
                "the area would get less than the framework's notice.",
            )
        )
    if programme is not None:
        warnings += _programme_warnings(
            viewer=viewer, programme=programme, onsite_start=onsite_start, onsite_end=onsite_end, exclude_pk=exclude_pk
        )
    warnings += _overlap_warnings(
        viewer=viewer,
        inspectors=list(inspectors),
        onsite_start=onsite_start,
        onsite_end=onsite_end,
        exclude_pk=exclude_pk,
        calendar=calendar,
    )
    return Preview(
        milestones=milestones,
        warnings=warnings,
        holidays_in_notice=calendar.non_working_days_between(notification_date, onsite_start),
    )


def inspection_warnings(*, inspection: Inspection, viewer) -> list[PlanningWarning]:
    """What the planner should know about an inspection's current week on site."""
    inspectors = [m.inspector for m in inspection.team.select_related("inspector__user")]
    return inspection_preview(
        framework=inspection.framework,
        onsite_start=inspection.onsite_start,
        inspectors=inspectors,
        programme=inspection.programme,
        viewer=viewer,
        exclude_pk=inspection.pk,
        already_notified=inspection.is_notified,
    ).warnings


def _next_reference(framework: FrameworkVersion, year: int) -> str:
    """A reference that says nothing of other inspections: a random number, unused that year, in
    the shape operators know (JTAI-2016-417). Numbered in planning order, a DCS who saw
    JTAI-2027-004 would learn that three other inspections were planned, before any was notified."""
    prefix = f"{framework.reference_prefix}-{year}-"
    # Locked, so two planners at once cannot draw the same number.
    taken = set(
        Inspection.objects.select_for_update().filter(reference__startswith=prefix).values_list("reference", flat=True)
    )
    free = [number for number in range(1, 1000) if f"{prefix}{number:03d}" not in taken]
    if not free:
        raise DomainError("onsite_start", f"Every {framework.reference_prefix} reference for {year} is taken.")
    return f"{prefix}{secrets.choice(free):03d}"


def milestones_store(*, inspection: Inspection, milestones: list[timeline.Milestone]) -> None:
    """Write the computed milestones onto the inspection, keeping history of what moved."""
    existing = {m.key: m for m in inspection.milestones.all()}
    for computed in milestones:
        order = MilestoneKey.values.index(computed.key)
        stored = existing.get(computed.key)
        if stored is None:
            Milestone.objects.create(
                inspection=inspection,
                key=computed.key,
                label=computed.label,
                date=computed.date,
                time=computed.time,
                order=order,
            )
        elif (stored.date, stored.time, stored.label, stored.order) != (
            computed.date,
            computed.time,
            computed.label,
            order,
        ):
            stored.date, stored.time, stored.label, stored.order = computed.date, computed.time, computed.label, order
            stored.save()


@transaction.atomic
def inspection_plan(
    *,
    user,
    area: Area,
    theme: Theme,
    framework: FrameworkVersion,
    onsite_start: datetime.date,
    lead: Inspector,
    team: list[Inspector],
    programme: Programme | None = None,
    conference_call_details: str = "",
    setup_meeting_venue: str = "",
) -> Inspection:
    """Create a planned inspection with its team, stored timeline and, if known already, where its
    meetings are held."""
    permissions.require(permissions.can_plan(user), "Only inspectors can plan inspections.")
    if not theme.framework_versions.filter(pk=framework.pk).exists():
        raise DomainError("theme", f"The theme “{theme}” is not published for {framework}.")
    members = [lead, *[i for i in team if i.pk != lead.pk]]
    planner = permissions.inspector_for(user)
    if not planner.is_manager and planner not in members:
        raise permissions.PermissionDenied("You must be on the team of an inspection you plan.")
    conference_call_details = meeting_details_clean(field="conference_call_details", value=conference_call_details)
    setup_meeting_venue = meeting_details_clean(field="setup_meeting_venue", value=setup_meeting_venue)
    milestones = timeline.compute(onsite_start, timeline.Rules.from_framework(framework), working_calendar())
    inspection = Inspection.objects.create(
        reference=_next_reference(framework, onsite_start.year),
        area=area,
        theme=theme,
        framework=framework,
        onsite_start=onsite_start,
        programme=programme,
        conference_call_details=conference_call_details,
        setup_meeting_venue=setup_meeting_venue,
        created_by=user,
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(inspection=inspection, inspector=member, is_lead=member.pk == lead.pk) for member in members
    )
    milestones_store(inspection=inspection, milestones=milestones)
    contacts_prefill(inspection=inspection)
    plan_changed_send(inspection)
    return inspection


def timeline_refresh(
    *, inspection: Inspection, keep_notification: bool, calendar: WorkingCalendar | None = None
) -> None:
    """Recompute the stored milestones from the first day on site. With `keep_notification`
    (the area has been told) the notification and that day's call stay as they happened."""
    milestones = timeline.compute(
        inspection.onsite_start, timeline.Rules.from_framework(inspection.framework), calendar or working_calendar()
    )
    if keep_notification:
        milestones = [m for m in milestones if m.key not in (MilestoneKey.NOTIFICATION, MilestoneKey.CONFERENCE_CALL)]
    inspection.save()
    milestones_store(inspection=inspection, milestones=milestones)


def factual_accuracy_due_refresh(
    *, inspection: Inspection, draft_sent_on: datetime.date, calendar: WorkingCalendar | None = None
) -> bool:
    """The draft letter went on `draft_sent_on` (the inspection entered the factual-accuracy
    check): the response is due the framework's working days after that day, not after the
    planned draft date. The coordinator's reminder follows the stored milestone. Returns whether
    the milestone moved; the caller tells the apps (`plan_changed`)."""
    due = timeline.factual_accuracy_due(
        draft_sent_on, timeline.Rules.from_framework(inspection.framework), calendar or working_calendar()
    )
    stored = inspection.milestones.filter(key=MilestoneKey.FACTUAL_ACCURACY_DUE).first()
    if stored is not None and stored.date != due:
        stored.date = due
        stored._change_reason = f"The draft letter was sent on {draft_sent_on:%-d %B %Y}"
        stored.save()
        return True
    return False


def _check_notice_kept(inspection: Inspection, onsite_start: datetime.date, calendar: WorkingCalendar) -> None:
    """A notified area keeps at least the framework's notice, counted from when it was told."""
    told = timezone.localdate(inspection.notified_at)
    rules = timeline.Rules.from_framework(inspection.framework)
    earliest = timeline.onsite_start_from_notification(told, rules, calendar) if calendar.is_working_day(told) else None
    if earliest is None:
        earliest = calendar.add(told, rules.notification_to_onsite)
    earliest = max(earliest, calendar.add(timezone.localdate(), 1))
    if onsite_start < earliest:
        raise DomainError(
            "onsite_start",
            f"The area was told on {told:%A %-d %B %Y}: to keep the framework's notice the first day on site "
            f"can be no earlier than {earliest:%A %-d %B %Y}.",
        )


@transaction.atomic
def inspection_reschedule(*, user, inspection: Inspection, onsite_start: datetime.date) -> Inspection:
    """Move the week on site; every stored milestone follows. Only before fieldwork starts."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    permissions.require(
        permissions.can_manage(user, inspection), "Only the lead inspector or a manager can move dates."
    )
    if inspection.stage not in Stage.reschedulable():
        raise DomainError(
            "onsite_start", f"The dates of an inspection at stage “{inspection.get_stage_display()}” cannot move."
        )
    calendar = working_calendar()
    timeline.notification_date_for(onsite_start, timeline.Rules.from_framework(inspection.framework), calendar)
    if inspection.stage == Stage.NOTIFIED:
        _check_notice_kept(inspection, onsite_start, calendar)
    inspection.onsite_start = onsite_start
    # A postponed inspection is notified afresh when planned again, so its notification moves too.
    timeline_refresh(inspection=inspection, keep_notification=inspection.stage == Stage.NOTIFIED, calendar=calendar)
    # Unsent messages follow the new dates; invitations already sent get an update.
    plan_changed_send(inspection)
    return inspection
