"""Reads that pages need, each in a fixed number of queries whatever the size of the programme."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from . import permissions
from .models import (
    ContactRole,
    Inspection,
    InspectionContact,
    Inspector,
    Milestone,
    MilestoneKey,
    Stage,
    StageChange,
    TeamMembership,
)
from .models import Programme as ProgrammeModel
from .next_steps import NextStep, next_steps_for
from .transitions import available_transitions


@dataclass(frozen=True)
class ProgrammeRow:
    inspection: Inspection
    onsite_end: datetime.date | None
    next_milestone: NextMilestone | None


@dataclass(frozen=True)
class StageFilter:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class ProgrammeChoice:
    programme: ProgrammeModel
    selected: bool
    # Shown to managers only: for anyone else the count would reveal inspections they may not see.
    inspections: int | None


@dataclass
class Programme:
    rows: list[ProgrammeRow]
    filters: list[StageFilter]
    stage: str | None
    total: int = 0
    # "current" (in progress and upcoming, the default) or "past" (published and cancelled).
    show: str = "current"
    current_count: int = 0
    past_count: int = 0
    months: list[tuple[datetime.date, list[ProgrammeRow]]] = field(default_factory=list)
    programmes: list[ProgrammeChoice] = field(default_factory=list)
    selected_programme: ProgrammeChoice | None = None
    # This page of the list (PROGRAMME_PAGE_SIZE inspections).
    page: Page | None = None


PROGRAMME_PAGE_SIZE = 50


# The milestones that fall within each stage: from the first still ahead of it to the one the
# stage should end with. Postponed and cancelled inspections have none.
K = MilestoneKey
STAGE_MILESTONES = {
    Stage.PLANNED: (K.NOTIFICATION, K.NOTIFICATION),
    Stage.NOTIFIED: (K.CONFERENCE_CALL, K.ONSITE_START),
    Stage.ON_SITE: (K.SETUP_MEETING, K.FEEDBACK_MEETING),
    Stage.REPORTING: (K.DRAFT_LETTER_DUE, K.DRAFT_LETTER_DUE),
    Stage.FACTUAL_ACCURACY: (K.FACTUAL_ACCURACY_DUE, K.PUBLICATION_DUE),
    Stage.PUBLISHED: (K.ACTION_PLAN_DUE, K.ACTION_PLAN_DUE),
}


# The milestones the local area acts on. Past the others (the first day on site, the draft letter, the
# feedback meeting), an inspection waits on its team: nothing there is the area's to put right.
AREA_ACTS_ON = frozenset({K.CASE_AUDIT_DEADLINE, K.FACTUAL_ACCURACY_DUE, K.ACTION_PLAN_DUE})


@dataclass(frozen=True)
class NextMilestone:
    milestone: Milestone
    passed: bool


def _next_milestone(
    stage: str, milestones: list[Milestone], today: datetime.date, *, local: bool = False
) -> NextMilestone | None:
    """The stage's next milestone to come; once they have all gone by, the one the stage should have
    ended with, marked as passed, so an inspection stuck in a stage shows up (to a local user, only if
    the area is the one to act on it)."""
    if stage not in STAGE_MILESTONES:
        return None
    first, last = STAGE_MILESTONES[stage]
    by_key = {m.key: m for m in milestones}
    if first not in by_key or last not in by_key:
        return None
    window = [
        m for m in sorted(milestones, key=lambda m: m.order) if by_key[first].order <= m.order <= by_key[last].order
    ]
    upcoming = next((m for m in window if m.date >= today), None)
    if upcoming:
        return NextMilestone(upcoming, False)
    # Once done (the area sent its written statement of action), a deadline gone by is not overdue.
    done = by_key[last].met_at is not None
    return NextMilestone(by_key[last], not done and (not local or last in AREA_ACTS_ON))


def _programme_choices(user, slug: str | None) -> list[ProgrammeChoice]:
    programmes = ProgrammeModel.objects.order_by("-starts_on", "name")
    manager = permissions.is_manager(user)
    if manager:
        programmes = programmes.annotate(live=Count("inspections", filter=ProgrammeModel.counted_q()))
    return [ProgrammeChoice(p, p.slug == slug, p.live if manager else None) for p in programmes]


def programme_for(
    *,
    user,
    stage: str | None = None,
    programme: str | None = None,
    show: str | None = None,
    page: str | int | None = None,
) -> Programme:
    """The inspections this user may see, grouped by the month of their week on site: those in
    progress and upcoming first (`show="current"`, soonest first), or the past ones, published or
    cancelled (`show="past"`, latest first), 50 a page. A stage chosen picks the list it belongs to.

    Five queries: programmes, stage counts, the list's length, one page of inspections with their
    area, framework and theme, and their milestones.
    """
    choices = _programme_choices(user, programme)
    selected = next((c for c in choices if c.selected), None)
    visible = permissions.visible_inspections(user)
    if selected is not None:
        visible = visible.filter(programme=selected.programme)
    counts = dict(visible.order_by().values_list("stage").annotate(n=Count("pk")))
    if stage not in Stage.values:
        stage = None
    past_stages = Stage.closed()
    if stage:
        show = "past" if stage in past_stages else "current"
    elif show != "past":
        show = "current"
    inspections = visible.select_related("area", "framework", "theme").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("order"))
    )
    # Only inspectors and local users reach the programme; inspector_for is already read (no query).
    local = permissions.inspector_for(user) is None
    if stage:
        inspections = inspections.filter(stage=stage)
    elif show == "past":
        inspections = inspections.filter(stage__in=past_stages)
        if local:
            inspections = inspections.exclude(_awaiting_action_plan_q())
    elif local:
        # The area's written statement of action is still to come: the inspection stays in its current list.
        inspections = inspections.filter(~Q(stage__in=past_stages) | _awaiting_action_plan_q())
    else:
        inspections = inspections.exclude(stage__in=past_stages)
    order = ("-onsite_start", "reference") if show == "past" else ("onsite_start", "reference")
    today = timezone.localdate()
    rows = []
    this_page = Paginator(inspections.order_by(*order), PROGRAMME_PAGE_SIZE).get_page(page)
    for inspection in this_page.object_list:
        milestones = list(inspection.milestones.all())
        onsite_end = next((m.date for m in milestones if m.key == K.ONSITE_END), None)
        next_milestone = _next_milestone(inspection.stage, milestones, today, local=local)
        rows.append(ProgrammeRow(inspection, onsite_end, next_milestone))
    months: list[tuple[datetime.date, list[ProgrammeRow]]] = []
    for row in rows:
        month = row.inspection.onsite_start.replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(row)
    in_list = [value for value, _ in Stage.choices if (value in past_stages) == (show == "past")]
    filters = [
        StageFilter(value, label, counts.get(value, 0), value == stage)
        for value, label in Stage.choices
        if counts.get(value) and value in in_list
    ]
    return Programme(
        rows=rows,
        filters=filters,
        stage=stage,
        total=sum(counts.get(value, 0) for value in in_list),
        show=show,
        current_count=sum(n for value, n in counts.items() if value not in past_stages),
        past_count=sum(n for value, n in counts.items() if value in past_stages),
        months=months,
        programmes=choices,
        selected_programme=selected,
        page=this_page,
    )


@dataclass(frozen=True)
class MeetingPlace:
    key: str
    label: str
    details: str
    # What the details are called: "dial-in details", "venue".
    what: str


@dataclass(frozen=True)
class InspectionPage:
    inspection: Inspection
    milestones: list[Milestone]
    sees_team_workings: bool
    can_manage: bool
    can_reschedule: bool
    team: list[TeamMembership]
    history: list[StageChange]
    transitions: list[tuple[str, str]]
    can_change_team: bool = False
    meetings: list[MeetingPlace] = field(default_factory=list)
    can_change_meetings: bool = False
    # The audit trail's link: for the lead inspector (and admins) only.
    sees_audit_trail: bool = False
    # For a local user: what they must do next, and who leads the inspection.
    next_steps: list[NextStep] = field(default_factory=list)
    lead: Inspector | None = None
    today: datetime.date | None = None


def inspection_page_for(*, user, reference: str) -> InspectionPage:
    """Everything the inspection page shows, or 404 for anyone outside the inspection's reach.

    Local-area users get the timeline and stage only: no team, no history, no actions.
    """
    inspection = permissions.inspection_for(
        user,
        reference,
        Inspection.objects.select_related(
            "area", "framework", "theme", "programme", "proportionality_decided_by__user"
        ),
    )
    milestones = list(inspection.milestones.all())
    # Where the meetings are held: everyone who may see the inspection is invited to them.
    meetings = [
        MeetingPlace(
            key, inspection.meeting_label(key), inspection.meeting_details(key), Inspection.MEETING_DETAILS_NAMES[key]
        )
        for key in Inspection.MEETING_DETAILS_FIELDS
    ]
    if not permissions.sees_team_workings(user, inspection):
        return _local_page(user, inspection, milestones, meetings)
    team = list(
        inspection.team.select_related("inspector__user", "inspector__inspectorate").order_by(
            "-is_lead", "inspector__user__last_name", "inspector__user__first_name"
        )
    )
    history = list(inspection.stage_changes.select_related("by").order_by("-at", "-pk"))
    transitions = available_transitions(user=user, inspection=inspection)
    can_manage = permissions.can_manage(user, inspection)
    return InspectionPage(
        inspection=inspection,
        milestones=milestones,
        sees_team_workings=True,
        can_manage=can_manage,
        # inspection_reschedule refuses other stages; offering its form there would only lead to that error.
        can_reschedule=can_manage and inspection.stage in Stage.reschedulable(),
        team=team,
        history=history,
        transitions=transitions,
        can_change_team=can_manage and inspection.stage not in Stage.closed(),
        meetings=meetings,
        # inspection_meetings_change refuses a published or cancelled inspection.
        can_change_meetings=can_manage and inspection.stage not in Stage.closed(),
        sees_audit_trail=permissions.sees_audit_trail(user, inspection),
    )


def _local_page(
    user, inspection: Inspection, milestones: list[Milestone], meetings: list[MeetingPlace]
) -> InspectionPage:
    """A local user's page: the timeline, what they must do next and by when, and who to ask.
    Two queries more: the inspection's contacts, and its lead inspector."""
    contacts = list(InspectionContact.objects.filter(inspection=inspection).select_related("person"))
    roles = frozenset(c.role for c in contacts if c.person.user_id == user.pk)
    lead = (
        Inspector.objects.select_related("user", "inspectorate")
        .filter(memberships__inspection=inspection, memberships__is_lead=True)
        .first()
    )
    today = timezone.localdate()
    steps = next_steps_for(
        inspection=inspection,
        roles=roles,
        milestones=milestones,
        coordinator_recorded=any(c.role == ContactRole.DCS_COORDINATOR for c in contacts),
        today=today,
    )
    return InspectionPage(
        inspection,
        milestones,
        False,
        False,
        False,
        [],
        [],
        [],
        meetings=meetings,
        next_steps=steps,
        lead=lead,
        today=today,
    )


def _awaiting_action_plan_q() -> Q:
    """Published, and the area has still to send its written statement of action: for the area,
    the inspection is not over yet."""
    unmet = Milestone.objects.filter(inspection=OuterRef("pk"), key=K.ACTION_PLAN_DUE, met_at__isnull=True)
    return Q(Exists(unmet), stage=Stage.PUBLISHED)


def local_start_inspection(user) -> str | None:
    """The reference of the one inspection a local user is part of now (not cancelled or postponed,
    and, once published, until the area has sent its written statement of action), so that they
    start on its page; None when they have none or several."""
    if permissions.inspector_for(user) is not None or not permissions.is_local_user(user):
        return None
    current = list(
        permissions.visible_inspections(user)
        .exclude(stage__in=Stage.withdrawn())
        .filter(~Q(stage__in=Stage.closed()) | _awaiting_action_plan_q())
        .values_list("reference", flat=True)[:2]
    )
    return current[0] if len(current) == 1 else None


def planned_with_token(*, user, token) -> Inspection | None:
    """The inspection a planning form with this token already planned, if the user may see it."""
    return permissions.visible_inspections(user).filter(idempotency_key=token).first()
