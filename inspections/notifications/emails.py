"""Turning a message row into an e-mail: subject, text and HTML bodies and, for meetings,
a calendar file. Sending it is `transports.py`'s job."""

from __future__ import annotations

import datetime
import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inspections.models import Inspection, MilestoneKey, in_sentence

from . import ics
from .models import CalendarEvent, Message, MessageKind
from .selectors import held_invitation

logger = logging.getLogger(__name__)
K = MessageKind


class RecipientMissing(Exception):
    """Nobody holds the role this message is for: the lead must record them, then resend."""


def _subject(message: Message, inspection, milestones: dict, event: CalendarEvent | None, is_update: bool) -> str:
    ref = inspection.reference
    meeting = in_sentence(inspection.meeting_label(event.key)) if event else ""
    what = inspection.framework.get_kind_display().lower()
    if message.kind in (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION):
        return f"{ref}: notification of a {what} of {inspection.area}"
    if message.kind in (K.CONFERENCE_CALL_INVITE, K.SETUP_MEETING_INVITE):
        updated = "Updated invitation" if is_update else "Invitation"
        return f"{ref}: {updated}: {meeting}, {_when(event.starts_at)}"
    if message.kind == K.MEETING_CANCELLED:
        # The meeting itself is off, or only this recipient is no longer invited to it.
        what = "Cancelled" if event.cancelled else "Invitation withdrawn"
        return f"{ref}: {what}: {meeting}, {_when(event.starts_at)}"
    milestone = milestones[message.milestone_key]
    if message.kind == K.CASE_AUDIT_REMINDER:
        return f"{ref}: reminder: case audits due {milestone.date:%A %-d %B %Y}"
    if message.kind == K.FACTUAL_ACCURACY_REMINDER:
        return f"{ref}: reminder: factual-accuracy response due {milestone.date:%A %-d %B %Y}"
    if message.kind == K.DRAFT_LETTER_SENT:
        return f"{ref}: draft letter of findings for your factual-accuracy check, due {milestone.date:%A %-d %B %Y}"
    return f"{ref}: reminder: {in_sentence(milestone.label)} on {milestone.date:%A %-d %B %Y}"


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A %-d %B %Y} at {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


def missing_recipient_error(message: Message) -> str:
    ref = message.inspection.reference
    if message.kind == K.DCS_NOTIFICATION:
        return (
            f"No Director of Children's Services is recorded for {ref}, so the area has not been notified. "
            "Add the DCS under Local contacts, then resend this message."
        )
    if message.kind in (K.CASE_AUDIT_REMINDER, K.FACTUAL_ACCURACY_REMINDER):
        return f"Neither a DCS coordinator nor a DCS is recorded for {ref}. Add one under Local contacts, then resend."
    return f"This message for {ref} has no e-mail address to go to. Check Local contacts and the team, then resend."


def render(message: Message) -> EmailMultiAlternatives:
    """The e-mail for a message, with text and HTML bodies and, for meetings, an .ics file."""
    if not message.recipient_email:
        raise RecipientMissing(missing_recipient_error(message))
    inspection = message.inspection
    milestones = {m.key: m for m in inspection.milestones.all()}
    event = message.event
    held = held_invitation(message) if event is not None and message.kind != K.MEETING_CANCELLED else None
    is_update = held is not None
    subject = _subject(message, inspection, milestones, event, is_update)
    today = timezone.localdate()
    call = milestones.get(MilestoneKey.CONFERENCE_CALL)
    call_ahead = call is not None and (call.date, call.time or datetime.time.max) > (
        today,
        timezone.localtime().time(),
    )
    path = reverse("inspections:detail", args=[inspection.reference]) if message.inspector_id else reverse("home")
    if message.kind == K.DRAFT_LETTER_SENT:
        # The reports app's page of the draft, by URL name: notifications never import reports.
        path = reverse("reports:letter", args=[inspection.reference])
    context = {
        "message": message,
        "inspection": inspection,
        "reference": inspection.reference,
        "area": inspection.area,
        "kind_name": inspection.framework.get_kind_display(),
        "recipient_name": message.recipient_name,
        "milestones": milestones,
        "milestone": milestones.get(message.milestone_key),
        "event": event,
        "event_when": _when(event.starts_at) if event else "",
        # What the meeting is called mid-sentence, and where it is (blank: not recorded yet).
        "event_name": in_sentence(inspection.meeting_label(event.key)) if event else "",
        "event_location": event.location if event else "",
        "is_update": is_update,
        # What an update changes for whoever holds the meeting: its time, its place, or both.
        "moved": is_update and held.expires_at != event.starts_at,
        "relocated": is_update and held.ics_sequence < event.location_sequence,
        "milestone_name": in_sentence(milestones[message.milestone_key].label)
        if message.milestone_key in milestones
        else "",
        "link": f"{settings.SITE_URL}{path}",
        "subject": subject,
        # Someone told after the notification day is told when it was, and is invited only
        # to what is still ahead.
        "notified_on": timezone.localdate(inspection.notified_at) if inspection.notified_at else today,
        "today": today,
        "call_ahead": call_ahead,
    }
    text = render_to_string(f"notifications/emails/{message.kind}.txt", context).strip() + "\n"
    html = render_to_string("notifications/emails/base.html", {**context, "body": text})
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((message.recipient_name, message.recipient_email))],
        headers={
            # The same Message-ID on every attempt lets mail programs fold a repeat into one.
            "Message-ID": message.message_id,
            "X-JTAI-Reference": inspection.reference,
            "X-JTAI-Message": str(message.pk),
        },
    )
    email.attach_alternative(html, "text/html")
    if event is not None:
        cancel = message.kind == K.MEETING_CANCELLED
        email.attach(
            "invite.ics",
            ics.invitation(
                reference=inspection.reference,
                key=event.key,
                summary=inspection.meeting_label(event.key),
                description=_description(event, inspection, context["kind_name"]),
                location=_location(event),
                starts_at=event.starts_at,
                sequence=message.ics_sequence,
                attendee_name=message.recipient_name,
                attendee_email=message.recipient_email,
                cancel=cancel,
            ),
            f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}; charset=UTF-8",
        )
    return email


# Where a meeting is, said two ways: what the lead recorded, or that it is still to come.
WHAT_IS_SENT = Inspection.MEETING_DETAILS_NAMES


def to_be_sent(event: CalendarEvent) -> str:
    return f"The lead inspector will send the {WHAT_IS_SENT[event.key]}."


def _location(event: CalendarEvent) -> str:
    """The calendar entry's LOCATION: the dial-in or venue recorded on the inspection."""
    return event.location or f"To be confirmed: {in_sentence(to_be_sent(event))}"


def _description(event: CalendarEvent, inspection, kind_name: str) -> str:
    where = event.location or to_be_sent(event)
    what = WHAT_IS_SENT[event.key]
    return (
        f"{inspection.meeting_label(event.key)}: {kind_name.lower()} of {inspection.area} ({inspection.reference}).\n\n"
        + (f"{what[:1].upper()}{what[1:]}:\n{where}" if event.location else where)
    )
