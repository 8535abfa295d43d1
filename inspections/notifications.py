"""The message plan of an inspection: who is told what, and when.

`plan()` is pure: from an inspection's framework, stored milestones, local contacts and team
it lists the messages that should exist. `notifications_sync()` makes the message rows match
the plan — creating, moving, readdressing or withdrawing the ones not yet sent — and is
called whenever something the plan reads changes (planning, dates, contacts, stage).
The dispatcher (`dispatch.py`) sends the rows when they fall due.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .calendar import WorkingCalendar, working_calendar
from .models import (
    CalendarEvent,
    ContactRole,
    Inspection,
    InspectionContact,
    Inspector,
    Message,
    MessageKind,
    MessageStatus,
    NotificationOrder,
    Stage,
    TeamMembership,
)
from .models.notification import UNSENT

K = MessageKind
INVITE_KINDS = (K.CONFERENCE_CALL_INVITE, K.SETUP_MEETING_INVITE)
# Sent at the notification time; only planned afresh while the inspection is still planned.
NOTIFICATION_TIME_KINDS = (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION, *INVITE_KINDS)
EVENT_FOR_KIND = {
    K.CONFERENCE_CALL_INVITE: CalendarEvent.Key.CONFERENCE_CALL,
    K.SETUP_MEETING_INVITE: CalendarEvent.Key.SETUP_MEETING,
}
PRIORITY = {
    K.MEETING_CANCELLED: 5,
    K.DCS_NOTIFICATION: 0,
    K.PARTNER_NOTIFICATION: 10,
    K.CONFERENCE_CALL_INVITE: 20,
    K.SETUP_MEETING_INVITE: 30,
    K.CASE_AUDIT_REMINDER: 40,
    K.FACTUAL_ACCURACY_REMINDER: 40,
    K.TEAM_REMINDER: 50,
}
DCS_KEY = "dcs_notification"


def reminder_working_days() -> int:
    return getattr(settings, "NOTIFICATIONS_REMINDER_WORKING_DAYS", 2)


def reminder_time() -> datetime.time:
    return datetime.time.fromisoformat(getattr(settings, "NOTIFICATIONS_REMINDER_TIME", "09:00"))


def team_milestones() -> tuple[str, ...]:
    return tuple(getattr(settings, "NOTIFICATIONS_TEAM_MILESTONES", ("onsite_start", "draft_letter_due")))


def at(day: datetime.date, time: datetime.time | None = None) -> datetime.datetime:
    """A wall-clock moment in Europe/London (the project's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))


def end_of(day: datetime.date) -> datetime.datetime:
    return at(day + datetime.timedelta(days=1))


@dataclass(frozen=True)
class MilestoneAt:
    date: datetime.date
    time: datetime.time | None

    @property
    def moment(self) -> datetime.datetime:
        return at(self.date, self.time) if self.time else end_of(self.date)


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
    after_dcs: bool = True
    # May this row be created now, or only kept and moved if it already exists?
    new_ok: bool = True

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
    """Whom the DCS's notification is followed by: every agency's senior leader on a joint
    inspection; on an Ofsted-only one, the council alone (its own services and its LSCB)."""
    leaders = [c for c in contacts if c.role == ContactRole.AGENCY_LEADER]
    if inspection.framework.notification_order == NotificationOrder.COUNCIL_ONLY:
        leaders = [c for c in leaders if c.is_council]
    return sorted(leaders, key=lambda c: (c.agency.name if c.agency else "", c.person.name))


def _notification_time(
    *,
    inspection: Inspection,
    milestones: dict[str, MilestoneAt],
    dcs: InspectionContact | None,
    leaders: list[InspectionContact],
    team: list[Inspector],
    prefix: str,
    fresh: bool,
    dcs_sent: bool,
    now: datetime.datetime,
) -> list[Planned]:
    """The DCS's notification, the leaders' and the invitations, all due at the notification time.

    Once the DCS has been told, someone added later (a leader, an inspector, someone put in
    another's place) is told at once, as long as what they are told of is still ahead. The DCS's
    own notification goes once a round: a DCS recorded after it went gets the invitations only.
    """
    notify_at = inspection.notification_at
    arrival = at(inspection.onsite_start)

    def late_ok(expires_at: datetime.datetime) -> bool:
        return fresh or (dcs_sent and expires_at > now)

    # The DCS's row exists even when nobody is recorded as DCS, so that its absence is an
    # error the lead sees when it falls due, never a silent skip.
    planned = [
        Planned(
            key=prefix + DCS_KEY,
            kind=K.DCS_NOTIFICATION,
            due_at=notify_at,
            expires_at=arrival,
            after_dcs=False,
            new_ok=fresh,
            **_contact_recipient(dcs),
        )
    ]
    for leader in leaders:
        planned.append(
            Planned(
                key=f"{prefix}partner_notification:agency:{leader.agency_id}",
                kind=K.PARTNER_NOTIFICATION,
                due_at=notify_at,
                expires_at=arrival,
                new_ok=late_ok(arrival),
                **_contact_recipient(leader),
            )
        )
    local_guests = [("dcs", dcs)] if dcs else []
    local_guests += [(f"agency:{leader.agency_id}", leader) for leader in leaders]
    for kind in INVITE_KINDS:
        event_key = EVENT_FOR_KIND[kind]
        meeting = milestones.get(event_key)
        if meeting is None:
            continue
        guests = [(suffix, _contact_recipient(contact)) for suffix, contact in local_guests]
        guests += [(f"inspector:{inspector.pk}", _inspector_recipient(inspector)) for inspector in team]
        for suffix, recipient in guests:
            planned.append(
                Planned(
                    key=f"{prefix}{kind}:{suffix}",
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
) -> list[Planned]:
    """Every message the inspection should send, the DCS's notification first."""
    notify_at = inspection.notification_at
    prefix = f"r{round_no}:"
    fresh = inspection.stage == Stage.PLANNED
    dcs = next((c for c in contacts if c.role == ContactRole.DCS), None)
    coordinator = next((c for c in contacts if c.role == ContactRole.DCS_COORDINATOR), None)
    wd, rtime = reminder_working_days(), reminder_time()

    def reminder_due(milestone: MilestoneAt) -> datetime.datetime:
        return max(at(calendar.add(milestone.date, -wd), rtime), notify_at)

    planned = []
    # An inspection notified some other way (an import, the demo) has no notification to send.
    if fresh or dcs_sent:
        planned += _notification_time(
            inspection=inspection,
            milestones=milestones,
            dcs=dcs,
            leaders=followers(inspection, contacts),
            team=team,
            prefix=prefix,
            fresh=fresh,
            dcs_sent=dcs_sent,
            now=now,
        )
    # Deadline reminders go to the coordinator the DCS nominated, or to the DCS until then.
    for kind, milestone_key in (
        (K.CASE_AUDIT_REMINDER, "case_audit_deadline"),
        (K.FACTUAL_ACCURACY_REMINDER, "factual_accuracy_due"),
    ):
        deadline = milestones.get(milestone_key)
        if deadline is None:
            continue
        planned.append(
            Planned(
                key=f"{prefix}{kind}",
                kind=kind,
                due_at=reminder_due(deadline),
                expires_at=deadline.moment,
                milestone_key=milestone_key,
                new_ok=deadline.moment > now,
                **_contact_recipient(coordinator or dcs),
            )
        )
    for milestone_key in team_milestones():
        milestone = milestones.get(milestone_key)
        if milestone is None:
            continue
        for inspector in team:
            planned.append(
                Planned(
                    key=f"{prefix}team_reminder:{milestone_key}:inspector:{inspector.pk}",
                    kind=K.TEAM_REMINDER,
                    due_at=reminder_due(milestone),
                    expires_at=milestone.moment,
                    milestone_key=milestone_key,
                    after_dcs=False,
                    new_ok=milestone.moment > now,
                    **_inspector_recipient(inspector),
                )
            )
    return planned


def _round(inspection: Inspection) -> int:
    """Each time a postponed inspection is planned again it is notified afresh."""
    return 1 + inspection.stage_changes.filter(from_stage=Stage.POSTPONED, to_stage=Stage.PLANNED).count()


def _sync_events(
    inspection: Inspection, milestones: dict[str, MilestoneAt], messages: list[Message]
) -> dict[str, CalendarEvent]:
    events = {e.key: e for e in inspection.calendar_events.all()}
    invited = {m.event_id for m in messages if m.kind in INVITE_KINDS and m.status == MessageStatus.SENT}
    for key in CalendarEvent.Key.values:
        milestone = milestones.get(key)
        if milestone is None:
            continue
        starts_at = milestone.moment
        event = events.get(key)
        if event is None:
            events[key] = CalendarEvent.objects.create(inspection=inspection, key=key, starts_at=starts_at)
        elif event.starts_at != starts_at or event.cancelled:
            # Calendars replace an entry only for a higher SEQUENCE than the one they hold.
            if event.pk in invited or event.cancelled:
                event.sequence += 1
            event.starts_at, event.cancelled = starts_at, False
            event.save()
    return events


GONE = (MessageStatus.SENT, MessageStatus.SENDING)


def _holders(messages: list[Message]) -> dict[int, dict[str, Message]]:
    """Who has each meeting in their calendar now, by address, with the invitation they hold:
    their latest message about it that went (or may have gone) is an invitation, not a
    cancellation."""
    latest: dict[tuple[int, str], Message] = {}
    for m in sorted(messages, key=lambda m: m.pk):
        if m.event_id and m.status in GONE and (m.kind in INVITE_KINDS or m.kind == K.MEETING_CANCELLED):
            latest[(m.event_id, _address(m.recipient_email))] = m
    holders: dict[int, dict[str, Message]] = {}
    for (event_id, address), m in latest.items():
        if m.kind in INVITE_KINDS:
            holders.setdefault(event_id, {})[address] = m
    return holders


def _send_cancellation(
    inspection: Inspection, event: CalendarEvent, invite: Message, now: datetime.datetime, prefix: str
) -> None:
    """A METHOD:CANCEL for the meeting's UID at its (raised) SEQUENCE, to whoever holds `invite`."""
    recipient = invite.key.split(":", 2)[2]
    Message.objects.create(
        inspection=inspection,
        kind=K.MEETING_CANCELLED,
        # With the invitation's id: two people can have held one place (an agency's leader).
        key=f"{prefix}meeting_cancelled:{event.key}:{event.sequence}:{recipient}:{invite.pk}",
        contact=invite.contact,
        inspector=invite.inspector,
        recipient_name=invite.recipient_name,
        recipient_email=invite.recipient_email,
        event=event,
        ics_sequence=event.sequence,
        priority=PRIORITY[K.MEETING_CANCELLED],
        due_at=now,
        expires_at=event.starts_at,
    )


def _cancel_meetings(inspection: Inspection, messages: list[Message], now: datetime.datetime, prefix: str) -> None:
    """Tell everyone who holds an invite to a meeting still ahead that it is off."""
    holders = _holders(messages)
    for event in inspection.calendar_events.filter(cancelled=False, starts_at__gt=now):
        held = holders.get(event.pk)
        if not held:
            continue
        event.cancelled = True
        event.sequence += 1
        event.save()
        for invite in held.values():
            _send_cancellation(inspection, event, invite, now, prefix)


def _invited_to(event: CalendarEvent, planned: list[Planned]) -> Callable[[Message], bool]:
    """Whether a message's recipient is still among the meeting's invitees: by address, or
    as the same contact or inspector (whose address may have been corrected since)."""
    items = [item for item in planned if item.event_key == event.key]
    addresses = {_address(item.recipient_email) for item in items}
    contact_ids = {item.contact.pk for item in items if item.contact}
    inspector_ids = {item.inspector.pk for item in items if item.inspector}

    def invited(m: Message) -> bool:
        return (
            _address(m.recipient_email) in addresses or m.contact_id in contact_ids or m.inspector_id in inspector_ids
        )

    return invited


def _uninvite(
    inspection: Inspection,
    planned: list[Planned],
    messages: list[Message],
    events: dict[str, CalendarEvent],
    now: datetime.datetime,
    prefix: str,
) -> None:
    """Whoever holds an invitation to a meeting still ahead but is no longer invited (a leader
    taken off the contacts, an inspector off the team) is sent a cancellation, so the meeting
    leaves their calendar. Someone invited again before it went keeps their invitation.

    A holder still counts as invited while their contact or inspector is, so an address
    corrected after the invitation went tells the new address without cancelling at the old.
    """
    holders = _holders(messages)
    for event in events.values():
        invited = _invited_to(event, planned)
        pending = set()
        for m in messages:
            if m.kind == K.MEETING_CANCELLED and m.status in UNSENT and m.event_id == event.pk:
                if invited(m):
                    _withdraw([m])
                else:
                    pending.add(_address(m.recipient_email))
                    if m.expires_at != event.starts_at:
                        # The meeting moved before the cancellation went: it may go until then.
                        m.expires_at = event.starts_at
                        m.save(update_fields=["expires_at", "updated_at"])
        if event.cancelled or event.starts_at <= now:
            continue
        leaving = [
            invite
            for address, invite in holders.get(event.pk, {}).items()
            if address not in pending and not invited(invite)
        ]
        if not leaving:
            continue
        # A higher SEQUENCE than the invitation they hold, or their calendar ignores the
        # cancellation. Nobody else is sent an update for it: see the update rule in `_apply`.
        event.sequence += 1
        event.save(update_fields=["sequence"])
        for invite in leaving:
            _send_cancellation(inspection, event, invite, now, prefix)


def _withdraw(rows: list[Message]) -> None:
    for row in rows:
        row.status = MessageStatus.WITHDRAWN
        row.next_attempt_at = None
        row.save(update_fields=["status", "next_attempt_at", "updated_at"])


def _address(email: str) -> str:
    return email.strip().lower()


FIELDS = (
    "kind",
    "due_at",
    "expires_at",
    "recipient_name",
    "recipient_email",
    "milestone_key",
    "priority",
)


def _apply(
    inspection: Inspection,
    planned: list[Planned],
    messages: list[Message],
    events: dict[str, CalendarEvent],
    now: datetime.datetime,
) -> None:
    # Cancellations are not in the plan: `_uninvite` keeps or withdraws the unsent ones.
    unsent = {m.key: m for m in messages if m.status in UNSENT and m.kind != K.MEETING_CANCELLED}
    gone: dict[str, Message] = {}
    # Every address each key has gone to, so whoever holds a place now is told once, even
    # if they held it before someone else did.
    told: dict[str, set[str]] = {}
    for m in sorted(messages, key=lambda m: (m.ics_sequence, m.pk)):
        if m.status in GONE:
            gone[m.key] = m
            told.setdefault(m.key, set()).add(_address(m.recipient_email))
    # An invitation is different: whoever was sent a cancellation no longer has the meeting,
    # so it is who holds the meeting now that counts, not who was ever told.
    holders = _holders(messages)
    _raise_above_cancellations(planned, messages, events, holders, now)
    dcs_row: Message | None = None
    for item in planned:
        event = events.get(item.event_key) if item.event_key else None
        address = _address(item.recipient_email)
        values = {name: getattr(item, name) for name in FIELDS}
        # Compared and written by id, so that checking a row costs no query per foreign key.
        values["contact_id"] = item.contact.pk if item.contact else None
        values["inspector_id"] = item.inspector.pk if item.inspector else None
        values["event_id"] = event.pk if event else None
        values["ics_sequence"] = event.sequence if event else 0
        values["after_id"] = dcs_row.pk if item.after_dcs and dcs_row else None
        row = unsent.pop(item.key, None)
        if row is not None:
            moved = row.due_at != item.due_at
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                if moved and row.status == MessageStatus.FAILED:
                    # New dates give a failed message a fresh start at its new time.
                    row.status, row.attempts, row.last_error, row.next_attempt_at = MessageStatus.SCHEDULED, 0, "", None
                row.save()
        elif event is not None:
            row = gone.get(item.key)
            held = holders.get(event.pk, {}).get(address)
            if held is None:
                if item.new_ok:
                    # Not invited yet, invited at an address since corrected, or taken off and
                    # put back after a cancellation: invited now (after the DCS's message).
                    row = Message.objects.create(inspection=inspection, key=item.key, **values)
            elif (
                held.status == MessageStatus.SENT
                and held.ics_sequence < event.sequence
                and event.starts_at > now
                # The SEQUENCE also goes up when someone else is uninvited; only a new time
                # (an invitation's expiry is its meeting's start) is news to the others.
                and held.expires_at != event.starts_at
            ):
                # The meeting moved after the invite went: send the update (same UID, higher SEQUENCE).
                values["due_at"] = max(now, item.due_at)
                row = Message.objects.create(inspection=inspection, key=item.key, **values)
        elif item.key in gone:
            row = gone[item.key]
            if item.new_ok and address not in told[item.key]:
                # Someone else now holds the place (an agency's new leader), or the address it
                # went to was corrected: they have not been told. Its due time has passed, so it
                # goes at once, after the DCS's message like the rest.
                row = Message.objects.create(inspection=inspection, key=item.key, **values)
        elif item.new_ok:
            row = Message.objects.create(inspection=inspection, key=item.key, **values)
        if item.kind == K.DCS_NOTIFICATION:
            dcs_row = row
    _withdraw(list(unsent.values()))


def _raise_above_cancellations(
    planned: list[Planned],
    messages: list[Message],
    events: dict[str, CalendarEvent],
    holders: dict[int, dict[str, Message]],
    now: datetime.datetime,
) -> None:
    """Someone invited again after a cancellation reached them needs a higher SEQUENCE than
    that cancellation, or their calendar keeps the meeting deleted."""
    cancelled_at: dict[tuple[int, str], int] = {}
    for m in messages:
        if m.kind == K.MEETING_CANCELLED and m.status in GONE and m.event_id:
            where = (m.event_id, _address(m.recipient_email))
            cancelled_at[where] = max(cancelled_at.get(where, -1), m.ics_sequence)
    for event in events.values():
        if event.starts_at <= now:
            continue
        held = holders.get(event.pk, {})
        top = max(
            (
                cancelled_at.get((event.pk, _address(item.recipient_email)), -1)
                for item in planned
                if item.event_key == event.key and _address(item.recipient_email) not in held
            ),
            default=-1,
        )
        if top >= event.sequence:
            event.sequence = top + 1
            event.save(update_fields=["sequence"])


@transaction.atomic
def notifications_sync(*, inspection: Inspection) -> None:
    """Bring the inspection's unsent messages in line with its plan. Safe to run any time."""
    inspection = Inspection.objects.select_for_update().select_related("framework", "area").get(pk=inspection.pk)
    now = timezone.now()
    round_no = _round(inspection)
    messages = list(inspection.messages.exclude(status=MessageStatus.WITHDRAWN))
    if inspection.stage in (Stage.POSTPONED, Stage.CANCELLED):
        _withdraw([m for m in messages if m.status in UNSENT])
        _cancel_meetings(inspection, messages, now, prefix=f"r{round_no}:")
        return
    milestones = {m.key: MilestoneAt(m.date, m.time) for m in inspection.milestones.all()}
    contacts = list(inspection.contacts.select_related("person", "agency"))
    team = [
        membership.inspector
        for membership in TeamMembership.objects.filter(inspection=inspection).select_related("inspector__user")
    ]
    events = _sync_events(inspection, milestones, messages)
    planned = plan(
        inspection=inspection,
        milestones=milestones,
        contacts=contacts,
        team=team,
        calendar=working_calendar(),
        now=now,
        round_no=round_no,
        dcs_sent=any(
            m.kind == K.DCS_NOTIFICATION and m.status == MessageStatus.SENT and m.key.startswith(f"r{round_no}:")
            for m in messages
        ),
    )
    _apply(inspection, planned, messages, events, now)
    _uninvite(inspection, planned, messages, events, now, prefix=f"r{round_no}:")
