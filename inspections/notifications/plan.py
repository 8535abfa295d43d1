"""The message plan of an inspection: who is told what, and when. Pure: no queries, no writes.

From an inspection's framework, stored milestones, local contacts and team, `plan()` lists the
messages that should exist. `sync.notifications_sync()` makes the message rows match it, and
the dispatcher (`dispatch.py`) sends the rows when they fall due.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from inspections.calendar import WorkingCalendar, deadline_moment
from inspections.models import ContactRole, Inspection, InspectionContact, Inspector, MilestoneKey, Stage, local_moment

from .models import INVITE_KINDS, CalendarEvent, MessageKind, mail_address

K = MessageKind
# Sent at the notification time; only planned afresh while the inspection is still planned.
NOTIFICATION_TIME_KINDS = (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION, *INVITE_KINDS)
EVENT_FOR_KIND = {
    K.CONFERENCE_CALL_INVITE: CalendarEvent.Key.CONFERENCE_CALL,
    K.SETUP_MEETING_INVITE: CalendarEvent.Key.SETUP_MEETING,
    K.FEEDBACK_MEETING_INVITE: CalendarEvent.Key.FEEDBACK_MEETING,
}
PRIORITY = {
    K.MEETING_CANCELLED: 5,
    K.DCS_NOTIFICATION: 0,
    K.COORDINATOR_NOTIFICATION: 8,
    K.PARTNER_NOTIFICATION: 10,
    K.DATES_CHANGED: 15,
    K.INSPECTION_POSTPONED: 3,
    K.INSPECTION_CANCELLED: 3,
    K.CONFERENCE_CALL_INVITE: 20,
    K.SETUP_MEETING_INVITE: 30,
    K.FEEDBACK_MEETING_INVITE: 32,
    K.CASE_AUDIT_REMINDER: 40,
    K.FACTUAL_ACCURACY_REMINDER: 40,
    K.TEAM_REMINDER: 50,
    K.DRAFT_LETTER_SENT: 35,
}
DCS_KEY = "dcs_notification"
# The dates the area is told, and told again when the week on site moves.
AREA_DATES = (
    MilestoneKey.ONSITE_START,
    MilestoneKey.ONSITE_END,
    MilestoneKey.CASE_AUDIT_DEADLINE,
    MilestoneKey.SETUP_MEETING,
    MilestoneKey.FEEDBACK_MEETING,
)


# Their defaults live in settings.py alone.
def reminder_working_days() -> int:
    return settings.NOTIFICATIONS_REMINDER_WORKING_DAYS


def reminder_time() -> datetime.time:
    return datetime.time.fromisoformat(settings.NOTIFICATIONS_REMINDER_TIME)


def team_milestones() -> tuple[str, ...]:
    return tuple(settings.NOTIFICATIONS_TEAM_MILESTONES)


at = local_moment


@dataclass(frozen=True)
class MilestoneAt:
    date: datetime.date
    time: datetime.time | None

    @property
    def moment(self) -> datetime.datetime:
        return deadline_moment(self.date, self.time)

    def isoformat(self) -> str:
        return f"{self.date.isoformat()}T{self.time:%H:%M}" if self.time else self.date.isoformat()


def area_dates(milestones: dict[str, MilestoneAt]) -> dict[str, str]:
    """The dates a message tells the area, as stored in its `dates` ("2016-03-04T17:00")."""
    return {key: milestones[key].isoformat() for key in AREA_DATES if key in milestones}


@dataclass(frozen=True)
class AreaTold:
    """What one address in the area was last told of the dates, and how many changes it was sent."""

    dates: dict[str, str]
    changes: int = 0


@dataclass
class Planned:
    key: str
    kind: str
    due_at: datetime.datetime
    expires_at: datetime.datetime | None
    recipient_name: str = ""
    recipient_email: str = ""
    contact: InspectionContact | None = None
    inspector: Inspector | None = None
    milestone_key: str = ""
    event_key: str = ""
    dates: dict = field(default_factory=dict)
    after_dcs: bool = True
    # May this row be created now, or only kept and moved if it already exists?
    new_ok: bool = True
    # Due at once when first planned (`due_at` is now); a row that exists keeps its due time.
    due_when_planned: bool = False

    @property
    def priority(self) -> int:
        return PRIORITY[self.kind]


def _contact_recipient(contact: InspectionContact | None) -> dict:
    if contact is None:
        return {"contact": None, "recipient_name": "", "recipient_email": ""}
    return {"contact": contact, "recipient_name": contact.person.name, "recipient_email": contact.person.email}


def _inspector_recipient(inspector: Inspector) -> dict:
    return {"inspector": inspector, "recipient_name": inspector.name, "recipient_email": inspector.user.email}


def followers(inspection: Inspection, contacts: list[InspectionContact]) -> list[InspectionContact]:
    """Whom the DCS's notification is followed by, all the local senior leaders: the LSCB's
    chair, then every agency's senior leader on a joint inspection; on an Ofsted-only one, the
    council alone (its own services and its LSCB)."""
    chair = [c for c in contacts if c.role == ContactRole.LSCB_CHAIR and c.is_told(inspection)]
    leaders = [c for c in contacts if c.role == ContactRole.AGENCY_LEADER and c.is_told(inspection)]
    return chair + sorted(leaders, key=lambda c: (c.agency.name if c.agency else "", c.person.name))


def place(contact: InspectionContact) -> str:
    """The place a follower holds, in their messages' keys: whoever holds it next is told anew."""
    if contact.role == ContactRole.LSCB_CHAIR:
        return "lscb_chair"
    return f"agency:{contact.agency_id}"


ReminderDue = Callable[[MilestoneAt], datetime.datetime]


@dataclass(frozen=True)
class Round:
    """What every part of one plan is given: the inspection, its milestones, the round's key
    prefix ("r1:"), the moment it is planned at and when a reminder of a milestone is due."""

    inspection: Inspection
    milestones: dict[str, MilestoneAt]
    prefix: str
    now: datetime.datetime
    reminder_due: ReminderDue


def _notification_time(
    r: Round,
    *,
    dcs: InspectionContact | None,
    coordinator: InspectionContact | None,
    leaders: list[InspectionContact],
    team: list[Inspector],
    fresh: bool,
    dcs_sent: bool,
) -> list[Planned]:
    """The DCS's notification, the coordinator's (when one is recorded), the leaders' and the
    invitations, all due at the notification time.

    Once the DCS has been told, someone added later (a leader, an inspector, someone put in
    another's place) is told at once, as long as what they are told of is still ahead. The DCS's
    own notification goes once a round: a DCS recorded after it went gets the invitations only.
    """
    notify_at = r.milestones[MilestoneKey.NOTIFICATION].moment
    arrival = at(r.inspection.onsite_start)
    told = {"told": area_dates(r.milestones)}

    def late_ok(expires_at: datetime.datetime) -> bool:
        return fresh or (dcs_sent and expires_at > r.now)

    def notification(key: str, kind: str, contact: InspectionContact | None, *, dcs_first: bool = False) -> Planned:
        """A local contact's notification, lapsing when the team arrives. The DCS's goes first, waits
        for nothing and is planned only while fresh; the others follow it, late ones while useful."""
        return Planned(
            key=r.prefix + key,
            kind=kind,
            due_at=notify_at,
            expires_at=arrival,
            after_dcs=not dcs_first,
            new_ok=fresh if dcs_first else late_ok(arrival),
            dates=told,
            **_contact_recipient(contact),
        )

    # The DCS's row exists even when nobody is recorded as DCS, so that its absence is an
    # error the lead sees when it falls due, never a silent skip.
    planned = [notification(DCS_KEY, K.DCS_NOTIFICATION, dcs, dcs_first=True)]
    # A coordinator already recorded is told in their own words, not left to the DCS to tell.
    if coordinator and not (dcs and mail_address(dcs.person.email) == mail_address(coordinator.person.email)):
        planned.append(notification("coordinator_notification", K.COORDINATOR_NOTIFICATION, coordinator))
    for leader in leaders:
        planned.append(notification(f"partner_notification:{place(leader)}", K.PARTNER_NOTIFICATION, leader))
    local_guests = [("dcs", dcs)] if dcs else []
    local_guests += [(place(leader), leader) for leader in leaders]
    for kind in INVITE_KINDS:
        event_key = EVENT_FOR_KIND[kind]
        meeting = r.milestones.get(event_key)
        if meeting is None:
            continue
        guests = [(suffix, _contact_recipient(contact)) for suffix, contact in local_guests]
        guests += [(f"inspector:{inspector.pk}", _inspector_recipient(inspector)) for inspector in team]
        for suffix, recipient in guests:
            planned.append(
                Planned(
                    key=f"{r.prefix}{kind}:{suffix}",
                    kind=kind,
                    due_at=notify_at,
                    expires_at=meeting.moment,
                    event_key=event_key,
                    new_ok=late_ok(meeting.moment),
                    **recipient,
                )
            )
    return planned


def plan(
    *,
    inspection: Inspection,
    milestones: dict[str, MilestoneAt],
    contacts: list[InspectionContact],
    team: list[Inspector],
    calendar: WorkingCalendar,
    now: datetime.datetime,
    round_no: int = 1,
    dcs_sent: bool = False,
    area_told: dict[str, AreaTold] | None = None,
) -> list[Planned]:
    """Every message the inspection should send, the DCS's notification first.

    `area_told` is what each address in the area was last told of the dates (by `mail_address`):
    see `dates_changes`.
    """
    r = Round(inspection, milestones, f"r{round_no}:", now, _reminder_due(milestones, calendar))
    fresh = inspection.stage == Stage.PLANNED
    dcs = next((c for c in contacts if c.role == ContactRole.DCS), None)
    coordinator = next((c for c in contacts if c.role == ContactRole.DCS_COORDINATOR), None)

    planned = []
    # An inspection notified some other way (an import, the demo) has no notification to send.
    if fresh or dcs_sent:
        planned += _notification_time(
            r,
            dcs=dcs,
            coordinator=coordinator,
            leaders=followers(inspection, contacts),
            team=team,
            fresh=fresh,
            dcs_sent=dcs_sent,
        )
    planned += dates_changes(
        r,
        told_to=[c for c in (dcs, coordinator) if c] + followers(inspection, contacts),
        area_told=area_told or {},
    )
    planned += _deadline_reminders(r, recipient=InspectionContact.coordinating(contacts))
    planned += _draft_letter(
        r,
        to=[("dcs", dcs), ("coordinator", coordinator)]
        + [(place(c), c) for c in followers(inspection, contacts) if c.role == ContactRole.AGENCY_LEADER],
    )
    planned += _team_reminders(r, team=team)
    return planned


def _about(milestone_key: str, milestone: MilestoneAt, now: datetime.datetime) -> dict:
    """What a message about a milestone (a reminder of it, a draft answered by it) takes from it:
    it lapses at the milestone's moment, and is planned afresh only while that moment is ahead."""
    return {"milestone_key": milestone_key, "expires_at": milestone.moment, "new_ok": milestone.moment > now}


def _reminder_due(milestones: dict[str, MilestoneAt], calendar: WorkingCalendar) -> ReminderDue:
    """When a reminder of a milestone is due: the settings' working days before it, at the
    settings' time, and never before the notification."""
    notify_at = milestones[MilestoneKey.NOTIFICATION].moment
    wd, rtime = reminder_working_days(), reminder_time()

    def reminder_due(milestone: MilestoneAt) -> datetime.datetime:
        return max(at(calendar.add(milestone.date, -wd), rtime), notify_at)

    return reminder_due


def _deadline_reminders(r: Round, *, recipient: InspectionContact | None) -> list[Planned]:
    planned = []
    for kind, milestone_key in (
        (K.CASE_AUDIT_REMINDER, MilestoneKey.CASE_AUDIT_DEADLINE),
        (K.FACTUAL_ACCURACY_REMINDER, MilestoneKey.FACTUAL_ACCURACY_DUE),
    ):
        deadline = r.milestones.get(milestone_key)
        if deadline is None:
            continue
        planned.append(
            Planned(
                key=f"{r.prefix}{kind}",
                kind=kind,
                due_at=r.reminder_due(deadline),
                **_about(milestone_key, deadline, r.now),
                **_contact_recipient(recipient),
            )
        )
    return planned


def _draft_letter(r: Round, *, to: list[tuple[str, InspectionContact | None]]) -> list[Planned]:
    """The draft letter went to the area when the inspection entered the factual-accuracy check:
    the DCS, the coordinator and each agency's senior leader (who comment for their agency) are
    told at once, with a link to it, while its deadline is ahead."""
    deadline = r.milestones.get(MilestoneKey.FACTUAL_ACCURACY_DUE)
    if r.inspection.stage != Stage.FACTUAL_ACCURACY or deadline is None:
        return []
    return [
        Planned(
            key=f"{r.prefix}{K.DRAFT_LETTER_SENT}:{place_key}",
            kind=K.DRAFT_LETTER_SENT,
            due_at=r.now,
            after_dcs=False,
            **_about(MilestoneKey.FACTUAL_ACCURACY_DUE, deadline, r.now),
            **_contact_recipient(contact),
        )
        for place_key, contact in to
        if contact is not None
    ]


def _team_reminders(r: Round, *, team: list[Inspector]) -> list[Planned]:
    planned = []
    for milestone_key in team_milestones():
        milestone = r.milestones.get(milestone_key)
        if milestone is None:
            continue
        for inspector in team:
            planned.append(
                Planned(
                    key=f"{r.prefix}team_reminder:{milestone_key}:inspector:{inspector.pk}",
                    kind=K.TEAM_REMINDER,
                    due_at=r.reminder_due(milestone),
                    after_dcs=False,
                    **_about(milestone_key, milestone, r.now),
                    **_inspector_recipient(inspector),
                )
            )
    return planned


def dates_changes(r: Round, *, told_to: list[InspectionContact], area_told: dict[str, AreaTold]) -> list[Planned]:
    """One "new dates" message for each local contact who was told dates that are no longer the
    inspection's (the week on site moved after notification).

    The rules, so that a re-sync never sends anything twice:
    - what someone was told is the `dates` of the latest message of `DATES_KINDS` that went (or
      may have gone) to their address; someone never told of the dates (not yet notified, or
      recorded since and about to get their own notification) is sent none;
    - the message shows old → new from what they were told to the dates now; while it is unsent
      it follows further moves, and it is withdrawn if the dates move back to what they were told;
    - once it has gone, they were told the new dates, so nothing more is planned until the dates
      move again; each change they are sent has its own key (`...:dates_changed:<place>:<n>`).
    Invitations to the meetings get their own updates (same UID, higher SEQUENCE) as before, and
    unsent reminders follow the new dates because they are planned from them.
    """
    now_dates = area_dates(r.milestones)
    planned = []
    for contact in told_to:
        told = area_told.get(mail_address(contact.person.email))
        if told is None or not told.dates or told.dates == now_dates:
            continue
        where = contact.role if contact.role in (ContactRole.DCS, ContactRole.DCS_COORDINATOR) else place(contact)
        planned.append(
            Planned(
                key=f"{r.prefix}dates_changed:{where}:{told.changes + 1}",
                kind=K.DATES_CHANGED,
                due_at=r.now,
                expires_at=at(r.inspection.onsite_start),
                dates={"was": told.dates, "told": now_dates},
                after_dcs=False,
                due_when_planned=True,
                **_contact_recipient(contact),
            )
        )
    return planned
