"""Bring an inspection's stored messages in line with its plan (`plan.py`): create, move,
readdress or withdraw the ones not yet sent; invite, update and cancel meetings. Called (through
`inspections.signals.plan_changed`) whenever something the plan reads changes: planning, dates,
contacts, team, stage.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from inspections.calendar import working_calendar
from inspections.models import Inspection, Stage, TeamMembership

from .models import (
    DATES_KINDS,
    GONE,
    INVITE_KINDS,
    ONE_OFF_KINDS,
    UNSENT,
    WITHDRAWN_NOTICE,
    CalendarEvent,
    Message,
    MessageKind,
    MessageStatus,
)
from .plan import PRIORITY, AreaTold, MilestoneAt, Planned, plan
from .selectors import mail_address, meeting_holders

K = MessageKind


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
        location = inspection.meeting_details(key)
        event = events.get(key)
        if event is None:
            events[key] = CalendarEvent.objects.create(
                inspection=inspection, key=key, starts_at=starts_at, location=location
            )
        elif event.starts_at != starts_at or event.cancelled or event.location != location:
            # Calendars replace an entry only for a higher SEQUENCE than the one they hold.
            bump = event.pk in invited or event.cancelled
            relocated = event.location != location
            event.starts_at, event.cancelled, event.location = starts_at, False, location
            if bump:
                event.bump_sequence()
            if relocated:
                # Whoever holds an invitation below this SEQUENCE holds the old place: see `_apply`.
                event.location_sequence = event.sequence
            event.save()
    return events


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
    holders = meeting_holders(messages)
    for event in inspection.calendar_events.filter(cancelled=False, starts_at__gt=now):
        held = holders.get(event.pk)
        if not held:
            continue
        event.cancelled = True
        event.bump_sequence()
        for invite in held.values():
            _send_cancellation(inspection, event, invite, now, prefix)


def _invited_to(event: CalendarEvent, planned: list[Planned]) -> Callable[[Message], bool]:
    """Whether a message's recipient is still among the meeting's invitees: by address, or
    as the same contact or inspector (whose address may have been corrected since)."""
    items = [item for item in planned if item.event_key == event.key]
    addresses = {mail_address(item.recipient_email) for item in items}
    contact_ids = {item.contact.pk for item in items if item.contact}
    inspector_ids = {item.inspector.pk for item in items if item.inspector}

    def invited(m: Message) -> bool:
        return (
            mail_address(m.recipient_email) in addresses
            or m.contact_id in contact_ids
            or m.inspector_id in inspector_ids
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
    holders = meeting_holders(messages)
    for event in events.values():
        invited = _invited_to(event, planned)
        pending = set()
        for m in messages:
            if m.kind == K.MEETING_CANCELLED and m.status in UNSENT and m.event_id == event.pk:
                if invited(m):
                    _withdraw([m])
                else:
                    pending.add(mail_address(m.recipient_email))
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
        event.bump_sequence()
        for invite in leaving:
            _send_cancellation(inspection, event, invite, now, prefix)


def _area_told(messages: list[Message], prefix: str) -> dict[str, AreaTold]:
    """What each address was last told of the dates this round, and how many changes it was sent."""
    told: dict[str, AreaTold] = {}
    for m in sorted(messages, key=lambda m: m.pk):
        if m.kind in DATES_KINDS and m.status in GONE and m.key.startswith(prefix):
            address = mail_address(m.recipient_email)
            changes = told[address].changes if address in told else 0
            told[address] = AreaTold(m.dates.get("told", {}), changes + (m.kind == K.DATES_CHANGED))
    return told


def _tell_withdrawn(inspection: Inspection, messages: list[Message], now: datetime.datetime, prefix: str) -> None:
    """Everyone told of the inspection (in any round) who is still on it, in the area or on the
    team, is told once that it is postponed or cancelled. Nobody told (notification not yet
    sent) hears nothing: the inspection stays a secret."""
    kind = WITHDRAWN_NOTICE[inspection.stage]
    told = {
        mail_address(m.recipient_email)
        for m in messages
        if m.status in GONE and m.kind not in (K.MEETING_CANCELLED, *WITHDRAWN_NOTICE.values())
    }
    keys = {m.key for m in messages}
    recipients = [
        {"contact": c, "recipient_name": c.person.name, "recipient_email": c.person.email}
        for c in inspection.contacts.select_related("person", "agency")
        if c.is_told(inspection)
    ] + [
        {"inspector": t.inspector, "recipient_name": t.inspector.name, "recipient_email": t.inspector.user.email}
        for t in TeamMembership.objects.filter(inspection=inspection).select_related("inspector__user")
    ]
    done = set()
    for recipient in recipients:
        address = mail_address(recipient["recipient_email"])
        key = f"{prefix}{kind}:{address}"
        if address not in told or address in done or key in keys:
            continue
        done.add(address)
        Message.objects.create(
            inspection=inspection,
            kind=kind,
            key=key,
            priority=PRIORITY[kind],
            due_at=now,
            **recipient,
        )


def _withdraw(rows: list[Message]) -> None:
    for row in rows:
        row.status = MessageStatus.WITHDRAWN
        row.next_attempt_at = None
        row.save(update_fields=["status", "next_attempt_at", "updated_at"])


FIELDS = (
    "kind",
    "due_at",
    "expires_at",
    "recipient_name",
    "recipient_email",
    "milestone_key",
    "dates",
    "priority",
)


def _apply(
    inspection: Inspection,
    planned: list[Planned],
    messages: list[Message],
    events: dict[str, CalendarEvent],
    now: datetime.datetime,
) -> None:
    """Make the rows match the plan: update what is unsent, invite or update invitations, tell
    whoever now holds a place that was told, create what is new, withdraw what the plan dropped."""
    unsent = _unsent_by_key(messages)
    gone, told = _gone_and_told(messages)
    # An invitation is different: whoever was sent a cancellation no longer has the meeting,
    # so it is who holds the meeting now that counts, not who was ever told.
    holders = meeting_holders(messages)
    _raise_above_cancellations(planned, messages, events, holders, now)
    dcs_row: Message | None = None
    for item in planned:
        event = events.get(item.event_key) if item.event_key else None
        values = _row_values(item, event, dcs_row)
        row = unsent.pop(item.key, None)
        if row is not None:
            _update_unsent(row, item, values)
        elif event is not None:
            row = _invite(inspection, item, event, values, gone, holders, now)
        elif item.key in gone:
            row = gone[item.key]
            if item.new_ok and mail_address(item.recipient_email) not in told[item.key]:
                # Someone else now holds the place (an agency's new leader), or the address it
                # went to was corrected: they have not been told. Its due time has passed, so it
                # goes at once, after the DCS's message like the rest.
                row = Message.objects.create(inspection=inspection, key=item.key, **values)
        elif item.new_ok:
            row = Message.objects.create(inspection=inspection, key=item.key, **values)
        if item.kind == K.DCS_NOTIFICATION:
            dcs_row = row
    _withdraw(list(unsent.values()))


def _unsent_by_key(messages: list[Message]) -> dict[str, Message]:
    """The unsent rows the plan may move, readdress or withdraw. Cancellations are not in the
    plan: `_uninvite` keeps or withdraws the unsent ones. Nor are one-off messages (a case-audit
    request, an account invitation): the plan leaves them be."""
    return {
        m.key: m
        for m in messages
        if m.status in UNSENT and m.kind != K.MEETING_CANCELLED and m.kind not in ONE_OFF_KINDS
    }


def _gone_and_told(messages: list[Message]) -> tuple[dict[str, Message], dict[str, set[str]]]:
    """The latest row that went for each key, and every address each key has gone to, so that
    whoever holds a place now is told once, even if they held it before someone else did."""
    gone: dict[str, Message] = {}
    told: dict[str, set[str]] = {}
    for m in sorted(messages, key=lambda m: (m.ics_sequence, m.pk)):
        if m.status in GONE:
            gone[m.key] = m
            told.setdefault(m.key, set()).add(mail_address(m.recipient_email))
    return gone, told


def _row_values(item: Planned, event: CalendarEvent | None, dcs_row: Message | None) -> dict:
    """A planned message's row fields, compared and written by id, so that checking a row costs
    no query per foreign key."""
    values = {name: getattr(item, name) for name in FIELDS}
    values["contact_id"] = item.contact.pk if item.contact else None
    values["inspector_id"] = item.inspector.pk if item.inspector else None
    values["event_id"] = event.pk if event else None
    values["ics_sequence"] = event.sequence if event else 0
    values["after_id"] = dcs_row.pk if item.after_dcs and dcs_row else None
    return values


def _update_unsent(row: Message, item: Planned, values: dict) -> None:
    if item.due_when_planned:
        values["due_at"] = row.due_at
    moved = row.due_at != values["due_at"]
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(row, name, values[name])
    if moved and row.status == MessageStatus.FAILED:
        # New dates give a failed message a fresh start at its new time.
        row.status, row.attempts, row.last_error, row.next_attempt_at = MessageStatus.SCHEDULED, 0, "", None
    row.save()


def _invite(
    inspection: Inspection,
    item: Planned,
    event: CalendarEvent,
    values: dict,
    gone: dict[str, Message],
    holders: dict[int, dict[str, Message]],
    now: datetime.datetime,
) -> Message | None:
    """An invitation with no unsent row: sent to someone who does not hold the meeting, or as an
    update to someone who holds it at a lower SEQUENCE."""
    row = gone.get(item.key)
    held = holders.get(event.pk, {}).get(mail_address(item.recipient_email))
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
        # (an invitation's expiry is its meeting's start) or a new place (dial-in,
        # venue) is news to the others.
        and (held.expires_at != event.starts_at or held.ics_sequence < event.location_sequence)
    ):
        # The meeting moved, or its place changed, after the invite went: send the
        # update (same UID, higher SEQUENCE).
        values["due_at"] = max(now, item.due_at)
        row = Message.objects.create(inspection=inspection, key=item.key, **values)
    return row


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
            where = (m.event_id, mail_address(m.recipient_email))
            cancelled_at[where] = max(cancelled_at.get(where, -1), m.ics_sequence)
    for event in events.values():
        if event.starts_at <= now:
            continue
        held = holders.get(event.pk, {})
        top = max(
            (
                cancelled_at.get((event.pk, mail_address(item.recipient_email)), -1)
                for item in planned
                if item.event_key == event.key and mail_address(item.recipient_email) not in held
            ),
            default=-1,
        )
        if top >= event.sequence:
            event.bump_sequence(above=top)


@transaction.atomic
def notifications_sync(*, inspection: Inspection) -> None:
    """Bring the inspection's unsent messages in line with its plan. Safe to run any time."""
    inspection = Inspection.objects.select_for_update().select_related("framework", "area").get(pk=inspection.pk)
    now = timezone.now()
    round_no = _round(inspection)
    messages = list(inspection.messages.exclude(status=MessageStatus.WITHDRAWN))
    if inspection.stage in Stage.withdrawn():
        # What is still to go is withdrawn, except what this sync and the last tell of the
        # withdrawal itself: meeting cancellations, and the notice of the stage it is at now.
        keep = (K.MEETING_CANCELLED, WITHDRAWN_NOTICE[inspection.stage])
        _withdraw([m for m in messages if m.status in UNSENT and m.kind not in keep])
        _cancel_meetings(inspection, messages, now, prefix=f"r{round_no}:")
        _tell_withdrawn(inspection, messages, now, prefix=f"r{round_no}:")
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
        area_told=_area_told(messages, prefix=f"r{round_no}:"),
    )
    _apply(inspection, planned, messages, events, now)
    _uninvite(inspection, planned, messages, events, now, prefix=f"r{round_no}:")


def on_plan_changed(sender, *, inspection: Inspection, **kwargs) -> None:
    notifications_sync(inspection=inspection)
