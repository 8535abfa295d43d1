"""Plan an inspection, preview its timeline, move its dates."""

from __future__ import annotations

import datetime
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from jtai.errors import DomainError, required_choice

from .. import permissions, timeline
from ..calendar import (
    WorkingCalendar,
    add_months,
    add_weekdays,
    govuk_date,
    monday_of,
    weeks_between,
    working_calendar,
)
from ..models import (
    AgencyKind,
    Area,
    ChosenBecause,
    ContactRole,
    FrameworkVersion,
    Inspection,
    Inspector,
    Milestone,
    MilestoneKey,
    Person,
    Programme,
    Stage,
    TeamMembership,
    Theme,
)
from ..planning_warnings import PlanningWarning, registered_warnings
from ..signals import plan_changed_send
from .contacts import contacts_prefill, prefill_choices
from .meetings import meeting_details_clean


class AlreadyPlanned(DomainError):
    """The form that planned `inspection` was sent again (a double click, a resubmission)."""

    def __init__(self, inspection: Inspection):
        super().__init__("__all__", f"{inspection.reference} was already planned from this form.")
        self.inspection = inspection


@dataclass(frozen=True)
class Preview:
    milestones: list[timeline.Milestone]
    warnings: list[PlanningWarning]
    holidays_in_notice: list[tuple[datetime.date, str]]

    def date_of(self, key: str) -> datetime.date:
        return next(m.date for m in self.milestones if m.key == key)


# How far from today a first day on site may be: beyond it is a typing slip (9999, 0001), not a plan.
EARLIEST_ONSITE_START = datetime.date(2000, 1, 1)
LATEST_ONSITE_START_YEARS = 5


def onsite_start_check(onsite_start: datetime.date) -> None:
    """Refuse a first day on site outside the window a plan can sensibly have."""
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + LATEST_ONSITE_START_YEARS)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + LATEST_ONSITE_START_YEARS, day=28)
    if not EARLIEST_ONSITE_START <= onsite_start <= latest:
        raise DomainError(
            "onsite_start",
            f"The first day on site must be between {govuk_date(EARLIEST_ONSITE_START, weekday=False)} and "
            f"{govuk_date(latest, weekday=False)}",
        )


def _names(names: list[str], conjunction: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _kinds(kind: str) -> str:
    """ "joint targeted area inspections", "Ofsted-only targeted inspections"."""
    label = FrameworkVersion.Kind(kind).label
    return (label if label.startswith("Ofsted") else label[0].lower() + label[1:]) + "s"


def programme_check(*, framework: FrameworkVersion, programme: Programme | None) -> None:
    """A programme holds one kind of inspection: an Ofsted-only inspection is no part of the JTAI programme."""
    if programme is not None and programme.kind != framework.kind:
        raise DomainError(
            "programme",
            f"{programme.name} holds {_kinds(programme.kind)}: {_kinds(framework.kind)} are not part of it. "
            "Choose a programme of this kind, or “Not part of a programme”",
        )


def concern_check(*, framework: FrameworkVersion, concern: str) -> str:
    """An Ofsted-only inspection records the concern that prompted it; a joint inspection has none."""
    concern = (concern or "").strip()
    if framework.kind == FrameworkVersion.Kind.OFSTED_ONLY and not concern:
        raise DomainError("concern", "Enter the concern that prompted this Ofsted-only inspection")
    if framework.kind != FrameworkVersion.Kind.OFSTED_ONLY and concern:
        raise DomainError("concern", "Only an Ofsted-only inspection records a concern: leave it blank")
    return concern


@dataclass(frozen=True)
class Choice:
    """Why the area was chosen and, for an Ofsted-only inspection, why not a full inspection and who decided."""

    chosen_because: str
    proportionality_decision: str = ""
    proportionality_decided_by: Inspector | None = None


def choice_check(
    *,
    framework: FrameworkVersion,
    chosen_because: str,
    proportionality_decision: str = "",
    proportionality_decided_by: Inspector | None = None,
) -> Choice:
    """Every plan says why its area was chosen. An Ofsted-only inspection follows a concern, and
    records the proportionality decision (why a full inspection of the local authority would be
    disproportionate) and the manager who made it; a joint inspection records neither."""
    required_choice("chosen_because", chosen_because, ChosenBecause, "Choose why this area was chosen")
    decision = (proportionality_decision or "").strip()
    if framework.kind != FrameworkVersion.Kind.OFSTED_ONLY:
        if decision or proportionality_decided_by is not None:
            raise DomainError(
                "proportionality_decision",
                "Only an Ofsted-only inspection records a proportionality decision: leave it blank",
            )
        return Choice(chosen_because)
    if chosen_because != ChosenBecause.CONCERN:
        raise DomainError(
            "chosen_because",
            "An Ofsted-only inspection is for an area where concerns have been identified: choose Concern",
        )
    if not decision:
        raise DomainError(
            "proportionality_decision", "Enter why a full inspection of the local authority would be disproportionate"
        )
    if proportionality_decided_by is None:
        raise DomainError("proportionality_decided_by", "Choose the manager who made the proportionality decision")
    if not proportionality_decided_by.is_manager:
        raise DomainError(
            "proportionality_decided_by",
            f"{proportionality_decided_by.name} is not an inspectorate manager: "
            "choose the manager who made the decision",
        )
    return Choice(chosen_because, decision, proportionality_decided_by)


def team_check(*, framework: FrameworkVersion, lead: Inspector, members: list[Inspector]) -> None:
    """Only the framework's inspectorates inspect: an Ofsted-only inspection's team is Ofsted's alone."""
    allowed = set(framework.inspectorates.values_list("pk", flat=True))
    only = f"Only {_names([i.short_name for i in framework.inspectorates.all()])} inspect on the {framework.name}"
    if lead.inspectorate_id not in allowed:
        raise DomainError("lead", f"{only}: {lead.name} ({lead.inspectorate.short_name}) cannot lead it")
    outsiders = [i for i in members if i.inspectorate_id not in allowed]
    if outsiders:
        names = _names([f"{i.name} ({i.inspectorate.short_name})" for i in outsiders])
        raise DomainError("team", f"{only}: {names} cannot be on its team")


def _team_warnings(*, framework: FrameworkVersion, inspectors: list[Inspector]) -> list[PlanningWarning]:
    """A joint inspection wants an inspector from each of its framework's inspectorates."""
    present = {i.inspectorate_id for i in inspectors}
    missing = [i.short_name for i in framework.inspectorates.all() if i.pk not in present]
    if not missing or not inspectors:
        return []
    return [PlanningWarning("inspectorate_missing", f"No inspector from {_names(missing, 'or')} is on the team.")]


def _week_warnings(
    *, onsite_start: datetime.date, onsite_end: datetime.date, calendar: WorkingCalendar
) -> list[PlanningWarning]:
    """Fieldwork is one week: it starts on the first working day of a week, and a bank holiday in
    that week must not push its last day into the next."""
    first = calendar.first_working_day_of_week(onsite_start)
    if first == onsite_start:
        return _spill_warnings(onsite_start=onsite_start, onsite_end=onsite_end, calendar=calendar)
    return [
        PlanningWarning(
            "onsite_start_midweek",
            f"{govuk_date(onsite_start)} is not the first working day of its week, so the fieldwork runs "
            f"into the next week, to {govuk_date(onsite_end)}. The framework's one week on site would start "
            f"on {govuk_date(first)}.",
        )
    ]


def _spill_warnings(
    *, onsite_start: datetime.date, onsite_end: datetime.date, calendar: WorkingCalendar
) -> list[PlanningWarning]:
    if monday_of(onsite_end) == monday_of(onsite_start):
        return []
    names = [name for _, name in calendar.non_working_days_between(monday_of(onsite_start), onsite_end)]
    falls = "falls" if len(names) == 1 else "fall"
    fieldwork_days = calendar.count_between(onsite_start, onsite_end) + 2  # both ends are working days
    message = (
        f"{_names(names)} {falls} in the week on site, so the fieldwork runs into the next week, "
        f"from {govuk_date(onsite_start)} to {govuk_date(onsite_end)}."
    )
    nearest = calendar.nearest_fitting_week(onsite_start, fieldwork_days)
    if nearest is not None:
        message += f" The nearest week that holds it is the one starting {govuk_date(nearest)}."
    return [PlanningWarning("fieldwork_spans_weeks", message)]


def _contact_warnings(
    *, framework: FrameworkVersion, roles: set[str], led_kinds: set[str], where: str
) -> list[PlanningWarning]:
    """A joint inspection tells the DCS first, then the coordinator and the partners' leaders: say
    who is not recorded, since nobody unrecorded is told."""
    if framework.kind != FrameworkVersion.Kind.JOINT:
        return []
    missing = [label for role, label in _TOLD_ROLES if role not in roles]
    missing += [label for kind, label in _TOLD_PARTNERS if kind not in led_kinds]
    if not missing:
        return []
    return [
        PlanningWarning(
            "contacts_missing",
            f"{where} records no {_names(missing, 'or')}: whoever is not recorded is not told. "
            "Record them on the inspection page before the notification.",
        )
    ]


_TOLD_ROLES = ((ContactRole.DCS, "DCS"), (ContactRole.DCS_COORDINATOR, "DCS coordinator"))
_TOLD_PARTNERS = ((AgencyKind.POLICE, "police senior leader"), (AgencyKind.HEALTH, "health senior leader"))


def _area_contact_warnings(*, framework: FrameworkVersion, area: Area) -> list[PlanningWarning]:
    """Before planning: whom the area's records would give the inspection (`prefill_choices`)."""
    people = Person.objects.filter(area=area).filter(Q(agency__isnull=True) | Q(agency__areas=area)).distinct()
    chosen = prefill_choices(people.select_related("agency"))
    return _contact_warnings(
        framework=framework,
        roles={role for _, role in chosen},
        led_kinds={p.agency.kind for p, role in chosen if role == ContactRole.AGENCY_LEADER},
        where=f"{area}'s area",
    )


def _notice_holiday_warnings(
    *,
    onsite_start: datetime.date,
    notification_date: datetime.date,
    holidays: list[tuple[datetime.date, str]],
    rules: timeline.Rules,
) -> list[PlanningWarning]:
    """Non-working days in the notice move the notification earlier: say when, and by how much."""
    if not holidays:
        return []
    usual = add_weekdays(onsite_start, -rules.notification_to_onsite)
    names = [
        name if name != "Non-working day" else f"A closure on {govuk_date(day, year=False)}" for day, name in holidays
    ]
    falls = "falls" if len(names) == 1 else "fall"
    told = f"{_names(names)} {falls} in the notice, so the DCS is told on {govuk_date(notification_date)}"
    weeks = weeks_between(notification_date, usual)
    if weeks == 1:
        message = f"{told}, a week earlier than usual."
    elif weeks > 1:
        message = f"{told}, {weeks} weeks earlier than usual."
    else:
        message = f"{told} rather than {govuk_date(usual)}."
    return [PlanningWarning("notice_holidays", message)]


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
            inspection__stage__in=Stage.until_fieldwork_ends(),
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
                    f"from {govuk_date(other.onsite_start, weekday=False)} to {govuk_date(other_end, weekday=False)}.",
                )
            )
    return warnings


def _same_area(*, area: Area, exclude_pk: int | None):
    """The area's other inspections that still count: any not cancelled."""
    return (
        Inspection.objects.filter(area=area)
        .exclude(stage=Stage.CANCELLED)
        .exclude(pk=exclude_pk)
        .select_related("framework")
        .order_by("onsite_start")
    )


def area_overlap_check(
    *,
    area: Area,
    onsite_start: datetime.date,
    framework: FrameworkVersion,
    viewer,
    exclude_pk: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> None:
    """Refuse a week on site that overlaps another inspection of the same area (not cancelled).
    Each inspection's fieldwork lasts as long as its own framework says. The other one is named
    only to someone who may see it."""
    calendar = calendar or working_calendar()
    own_end = timeline.last_day_on_site(onsite_start, framework, calendar)
    for other in _same_area(area=area, exclude_pk=exclude_pk).filter(
        onsite_start__gte=onsite_start - datetime.timedelta(days=31),
        onsite_start__lte=onsite_start + datetime.timedelta(days=31),
    ):
        other_end = timeline.last_day_on_site(other.onsite_start, other.framework, calendar)
        if other.onsite_start <= own_end and onsite_start <= other_end:
            visible = viewer is not None and permissions.visible_inspections(viewer).filter(pk=other.pk).exists()
            if not visible:
                # No reference and no dates: the planner may not know of it.
                raise DomainError(
                    "onsite_start",
                    "Another inspection of this area is planned for an overlapping week: choose another week on "
                    "site, or ask an inspectorate manager",
                )
            raise DomainError(
                "onsite_start",
                f"{other.reference} is on site in {area.name} from {govuk_date(other.onsite_start, weekday=False)} to "
                f"{govuk_date(other_end, weekday=False)}: choose a week on site that does not overlap it",
            )


def _on_site_tense(onsite_start: datetime.date) -> str:
    """Told from today, not from the week being planned: a week still to come was never "was"."""
    today = timezone.localdate()
    if onsite_start > today:
        return "is to be"
    return "is" if today < onsite_start + datetime.timedelta(days=7) else "was"


def _repeat_warnings(
    *, viewer, area: Area, onsite_start: datetime.date, exclude_pk: int | None
) -> list[PlanningWarning]:
    """An area inspected again within PLANNING_REPEAT_WARNING_MONTHS of another inspection, either side."""
    months = settings.PLANNING_REPEAT_WARNING_MONTHS
    near = list(
        _same_area(area=area, exclude_pk=exclude_pk).filter(
            onsite_start__gt=add_months(onsite_start, -months), onsite_start__lt=add_months(onsite_start, months)
        )
    )
    if not near:
        return []
    visible = set(permissions.visible_inspections(viewer).values_list("pk", flat=True)) if viewer else set()
    seen = [other for other in near if other.pk in visible]
    if len(seen) < len(near):
        # Naming it, or even saying whether it is ahead or behind, would tell of an inspection they may not see.
        return [
            PlanningWarning(
                "area_repeat",
                f"Another inspection of this area is planned or took place within {months} month{pluralize(months)}.",
            )
        ]
    return [
        PlanningWarning(
            "area_repeat",
            f"{other.reference} {_on_site_tense(other.onsite_start)} on site in {area.name} "
            f"from {govuk_date(other.onsite_start, weekday=False)}, "
            f"within {months} month{pluralize(months)} of this one.",
        )
        for other in seen
    ]


def _programme_warnings(
    *, viewer, programme: Programme, onsite_start: datetime.date, onsite_end: datetime.date, exclude_pk: int | None
) -> list[PlanningWarning]:
    warnings = []
    if not programme.covers(onsite_start, onsite_end):
        warnings.append(
            PlanningWarning(
                "outside_programme",
                f"The week on site falls outside {programme.name}, which runs from "
                f"{govuk_date(programme.starts_on, weekday=False)} to {govuk_date(programme.ends_on, weekday=False)}.",
            )
        )
    # How many inspections a programme holds is itself a count of planned inspections: managers only.
    if programme.max_inspections is not None and viewer is not None and permissions.is_manager(viewer):
        taken = (
            Programme.objects.filter(pk=programme.pk)
            .annotate(n=Count("inspections", filter=Programme.counted_q() & ~Q(inspections__pk=exclude_pk)))
            .values_list("n", flat=True)
            .get()
        )
        if taken >= programme.max_inspections:
            warnings.append(
                PlanningWarning(
                    "programme_full",
                    f"{programme.name} already has {taken} inspection{pluralize(taken)}, "
                    f"its most is {programme.max_inspections}.",
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
    area: Area | None = None,
) -> Preview:
    """The timeline and warnings for a proposed week on site, as `viewer` may see them. Raises
    DomainError (TimelineError for a day that is not a working day)."""
    onsite_start_check(onsite_start)
    programme_check(framework=framework, programme=programme)
    calendar = calendar or working_calendar()
    rules = timeline.Rules.from_framework(framework)
    milestones = timeline.compute(onsite_start, rules, calendar)
    notification_date = milestones[0].date
    onsite_end = timeline.last_day_on_site(onsite_start, framework, calendar)
    holidays_in_notice = calendar.non_working_days_between(notification_date, onsite_start)
    warnings = _week_warnings(onsite_start=onsite_start, onsite_end=onsite_end, calendar=calendar)
    if not already_notified:
        # Once the area has been told, the notification stays where it was.
        warnings += _notice_holiday_warnings(
            onsite_start=onsite_start, notification_date=notification_date, holidays=holidays_in_notice, rules=rules
        )
    if not already_notified and milestones[0].moment <= timezone.now():
        warnings.append(
            PlanningWarning(
                "notification_passed",
                f"The notification date, {govuk_date(notification_date)}, has already passed: "
                "the area would get less than the framework's notice.",
            )
        )
    if programme is not None:
        warnings += _programme_warnings(
            viewer=viewer, programme=programme, onsite_start=onsite_start, onsite_end=onsite_end, exclude_pk=exclude_pk
        )
    if area is not None:
        area_overlap_check(
            area=area,
            onsite_start=onsite_start,
            framework=framework,
            viewer=viewer,
            exclude_pk=exclude_pk,
            calendar=calendar,
        )
        warnings += _repeat_warnings(viewer=viewer, area=area, onsite_start=onsite_start, exclude_pk=exclude_pk)
        warnings += registered_warnings(
            area=area, onsite_start=onsite_start, months=settings.PLANNING_REPEAT_WARNING_MONTHS, viewer=viewer
        )
        if exclude_pk is None:
            warnings += _area_contact_warnings(framework=framework, area=area)
    warnings += _team_warnings(framework=framework, inspectors=list(inspectors))
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
        holidays_in_notice=holidays_in_notice,
    )


def inspection_warnings(*, inspection: Inspection, viewer) -> list[PlanningWarning]:
    """What the planner should know about an inspection's current week on site."""
    inspectors = [m.inspector for m in inspection.team.select_related("inspector__user")]
    contacts = list(inspection.contacts.select_related("agency"))
    return inspection_preview(
        framework=inspection.framework,
        onsite_start=inspection.onsite_start,
        inspectors=inspectors,
        programme=inspection.programme,
        viewer=viewer,
        exclude_pk=inspection.pk,
        already_notified=inspection.is_notified,
        area=inspection.area,
    ).warnings + _contact_warnings(
        framework=inspection.framework,
        roles={c.role for c in contacts},
        led_kinds={c.agency.kind for c in contacts if c.role == ContactRole.AGENCY_LEADER and c.agency},
        where=inspection.reference,
    )


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
    concern: str = "",
    chosen_because: str,
    proportionality_decision: str = "",
    proportionality_decided_by: Inspector | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Inspection:
    """Create a planned inspection with its team, stored timeline and, if known already, where its
    meetings are held, and why its area was chosen (`choice_check`). An Ofsted-only inspection
    records the `concern` that prompted it and its proportionality decision, and stands outside any
    joint programme. A second inspection of an area whose week on site overlaps one
    not cancelled is refused.

    `idempotency_key` is the planning form's token: planning with a key already used (the form
    sent twice) plans nothing and raises `AlreadyPlanned` with the inspection it planned."""
    permissions.require(permissions.can_plan(user), "Only inspectors can plan inspections.")
    if idempotency_key is not None:
        done = Inspection.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            raise AlreadyPlanned(done)
    if not theme.framework_versions.filter(pk=framework.pk).exists():
        raise DomainError("theme", f"The theme “{theme}” is not published for {framework}.")
    onsite_start_check(onsite_start)
    programme_check(framework=framework, programme=programme)
    concern = concern_check(framework=framework, concern=concern)
    choice = choice_check(
        framework=framework,
        chosen_because=chosen_because,
        proportionality_decision=proportionality_decision,
        proportionality_decided_by=proportionality_decided_by,
    )
    team_check(framework=framework, lead=lead, members=team)
    members = [lead, *[i for i in team if i.pk != lead.pk]]
    planner = permissions.inspector_for(user)
    if not planner.is_manager and planner not in members:
        raise permissions.PermissionDenied("You must be on the team of an inspection you plan.")
    conference_call_details = meeting_details_clean(field="conference_call_details", value=conference_call_details)
    setup_meeting_venue = meeting_details_clean(field="setup_meeting_venue", value=setup_meeting_venue)
    calendar = working_calendar()
    area_overlap_check(area=area, onsite_start=onsite_start, framework=framework, viewer=user, calendar=calendar)
    milestones = timeline.compute(onsite_start, timeline.Rules.from_framework(framework), calendar)
    try:
        # A savepoint: the same form sent twice at once waits here for the first, then finds its key taken.
        with transaction.atomic():
            inspection = Inspection.objects.create(
                reference=_next_reference(framework, onsite_start.year),
                area=area,
                theme=theme,
                framework=framework,
                onsite_start=onsite_start,
                programme=programme,
                conference_call_details=conference_call_details,
                setup_meeting_venue=setup_meeting_venue,
                concern=concern,
                chosen_because=choice.chosen_because,
                proportionality_decision=choice.proportionality_decision,
                proportionality_decided_by=choice.proportionality_decided_by,
                created_by=user,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        done = Inspection.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if done is None:
            raise
        raise AlreadyPlanned(done) from None
    # With history, as every later change of the team has: the audit trail starts with who planned it.
    bulk_create_with_history(
        [TeamMembership(inspection=inspection, inspector=member, is_lead=member.pk == lead.pk) for member in members],
        TeamMembership,
        default_user=user,
    )
    milestones_store(inspection=inspection, milestones=milestones)
    contacts_prefill(user=user, inspection=inspection)
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
    return _milestone_move(
        inspection,
        MilestoneKey.FACTUAL_ACCURACY_DUE,
        due,
        because=f"The draft letter was sent on {govuk_date(draft_sent_on, weekday=False)}",
    )


def action_plan_due_refresh(
    *, inspection: Inspection, published_on: datetime.date, calendar: WorkingCalendar | None = None
) -> datetime.date:
    """The letter was published on `published_on`: the written statement of action is due the
    framework's working days after that day, not after the planned publication date. Returns the
    due date, which the letter records."""
    due = (calendar or working_calendar()).add(published_on, inspection.framework.action_plan_working_days)
    _milestone_move(
        inspection,
        MilestoneKey.ACTION_PLAN_DUE,
        due,
        because=f"The letter was published on {govuk_date(published_on, weekday=False)}",
    )
    return due


def _milestone_move(inspection: Inspection, key: str, due: datetime.date, *, because: str) -> bool:
    """The stored milestone `key` now falls on `due`, with `because` in its history; whether it moved
    (an inspection planned without that milestone has none to move)."""
    stored = inspection.milestones.filter(key=key).first()
    if stored is None or stored.date == due:
        return False
    stored.date = due
    stored._change_reason = because
    stored.save()
    return True


def milestone_meet(*, inspection: Inspection, key: str) -> None:
    """What `key` waited for has been done (first time only): no page calls it overdue any more."""
    stored = inspection.milestones.filter(key=key, met_at__isnull=True).first()
    if stored is not None:
        stored.met_at = timezone.now()
        stored._change_reason = "Done"
        stored.save()


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
            f"The area was told on {govuk_date(told)}: to keep the framework's notice the first day on site "
            f"can be no earlier than {govuk_date(earliest)}.",
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
    onsite_start_check(onsite_start)
    calendar = working_calendar()
    timeline.notification_date_for(onsite_start, timeline.Rules.from_framework(inspection.framework), calendar)
    area_overlap_check(
        area=inspection.area,
        onsite_start=onsite_start,
        framework=inspection.framework,
        viewer=user,
        exclude_pk=inspection.pk,
        calendar=calendar,
    )
    if inspection.stage == Stage.NOTIFIED:
        _check_notice_kept(inspection, onsite_start, calendar)
    inspection.onsite_start = onsite_start
    # A postponed inspection is notified afresh when planned again, so its notification moves too.
    timeline_refresh(inspection=inspection, keep_notification=inspection.stage == Stage.NOTIFIED, calendar=calendar)
    # Unsent messages follow the new dates; invitations already sent get an update.
    plan_changed_send(inspection)
    return inspection
