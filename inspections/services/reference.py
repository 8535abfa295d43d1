"""Changes admins make to reference data, through the same rules as everything else: framework
versions (a version in use never changes; a change of rules is a new version), non-working days
(which move the timelines that count them) and inspectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from jtai.errors import DomainError

from .. import permissions, timeline
from ..calendar import WorkingCalendar
from ..models import FrameworkVersion, Inspection, Inspector, MilestoneKey, NonWorkingDay, Stage
from ..signals import plan_changed_send
from .planning import timeline_refresh


def framework_in_use(framework: FrameworkVersion) -> bool:
    return framework.pk is not None and framework.inspections.exists()


def _require(user, codename: str, what: str) -> None:
    permissions.require(user.has_perm(f"inspections.{codename}"), f"You do not have permission to {what}.")


@transaction.atomic
def framework_version_save(*, user, framework: FrameworkVersion) -> FrameworkVersion:
    """Save a framework version that no inspection uses yet. Inspections keep the version they
    were planned on, so a version in use is read-only: copy it as a new version instead."""
    action = "add" if framework._state.adding else "change"
    _require(user, f"{action}_frameworkversion", f"{action} framework versions")
    if framework_in_use(framework):
        raise DomainError(
            "__all__",
            f"{framework} is used by inspections, which keep the rules they were planned on. "
            "Copy it as a new version and change the copy.",
        )
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def framework_version_copy(*, user, framework: FrameworkVersion) -> FrameworkVersion:
    """A new version with the same rules, inspectorates and themes, not yet current, for an
    admin to change and then make current."""
    _require(user, "add_frameworkversion", "add framework versions")
    number = 2
    while FrameworkVersion.objects.filter(slug=f"{framework.slug}-v{number}").exists():
        number += 1
    copy = FrameworkVersion.objects.get(pk=framework.pk)
    inspectorates = list(framework.inspectorates.all())
    themes = list(framework.themes.all())
    copy.pk = None
    copy._state.adding = True
    copy.slug = f"{framework.slug}-v{number}"[:60]
    copy.name = f"{framework.name} (version {number})"[:200]
    copy.is_current = False
    copy.save()
    copy.inspectorates.set(inspectorates)
    for theme in themes:
        theme.framework_versions.add(copy)
    return copy


@dataclass
class NonWorkingDayChange:
    day: NonWorkingDay
    replanned: list[Inspection] = field(default_factory=list)
    # Notified inspections whose count the day falls in: the notice the area was given stands.
    unchanged: list[Inspection] = field(default_factory=list)


def _touched_by(day: datetime.date):
    """Open inspections whose timeline counts across `day`: from notification to the last milestone."""
    return (
        Inspection.objects.exclude(stage__in=Stage.closed())
        .filter(milestones__key=MilestoneKey.NOTIFICATION, milestones__date__lte=day)
        .filter(milestones__key=MilestoneKey.ACTION_PLAN_DUE, milestones__date__gte=day)
        .select_related("framework")
        .distinct()
        .order_by("onsite_start", "reference")
    )


def _follow(day: datetime.date, dates: list[datetime.date]) -> NonWorkingDayChange:
    """Re-plan every inspection not yet notified whose timeline a changed day touches: its
    notification moves (counted back from the same arrival) and its messages follow."""
    change = NonWorkingDayChange(day=None)
    touched = Inspection.objects.none()
    for each in dates:
        touched = touched | _touched_by(each)
    for inspection in touched.distinct():
        if inspection.stage in Stage.not_yet_notified():
            timeline_refresh(inspection=inspection, keep_notification=False)
            plan_changed_send(inspection)
            change.replanned.append(inspection)
        else:
            change.unchanged.append(inspection)
    return change


def non_working_day_check(*, date: datetime.date, pk: int | None = None) -> None:
    """A day off may not make an inspection not yet notified impossible to re-plan (its first
    day on site must stay a working day): the admin moves its week on site first."""
    days = set(NonWorkingDay.objects.exclude(pk=pk).values_list("date", flat=True)) | {date}
    calendar = WorkingCalendar(days)
    for inspection in _touched_by(date).filter(stage__in=Stage.not_yet_notified()):
        try:
            timeline.compute(inspection.onsite_start, timeline.Rules.from_framework(inspection.framework), calendar)
        except timeline.TimelineError as error:
            raise DomainError(
                "date", f"{error} {inspection.reference} needs it: change its week on site first, then add this day"
            ) from None


@transaction.atomic
def non_working_day_save(*, user, day: NonWorkingDay) -> NonWorkingDayChange:
    """Add or change a non-working day; timelines not yet notified that count across it move."""
    action = "add" if day._state.adding else "change"
    _require(user, f"{action}_nonworkingday", f"{action} non-working days")
    old = None if day._state.adding else NonWorkingDay.objects.get(pk=day.pk).date
    day.full_clean()
    non_working_day_check(date=day.date, pk=day.pk)
    day.save()
    change = _follow(day.date, [d for d in (old, day.date) if d is not None])
    change.day = day
    return change


@transaction.atomic
def non_working_day_delete(*, user, day: NonWorkingDay) -> NonWorkingDayChange:
    """Remove a non-working day; timelines not yet notified that counted across it move back."""
    _require(user, "delete_nonworkingday", "delete non-working days")
    date = day.date
    day.delete()
    change = _follow(date, [date])
    change.day = day
    return change


@transaction.atomic
def inspector_save(*, user, inspector: Inspector) -> Inspector:
    """Save an inspector (the admin's add and change) and re-plan the messages of every open
    inspection they are on, so that what is still to go follows the change."""
    action = "add" if inspector._state.adding else "change"
    _require(user, f"{action}_inspector", f"{action} inspectors")
    inspector.full_clean()
    inspector.save()
    for inspection in (
        Inspection.objects.filter(Q(team__inspector=inspector)).exclude(stage__in=Stage.closed()).distinct()
    ):
        plan_changed_send(inspection)
    return inspector
