"""Turning a message row into an e-mail: subject, text and HTML bodies and, for meetings,
a calendar file. Sending it is `transports.py`'s job."""

from __future__ import annotations

import datetime
import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from inspections.models import MilestoneKey

from . import ics
from .models import CalendarEvent, Message, MessageKind
from .selectors import holds_meeting

logger = logging.getLogger(__name__)
K = MessageKind


# Apps built on notifications add to an e-mail's context what only they know (case_audits: a
# single-use sign-up link for a contact without an account, the link to the case-audit
# request). Receivers take `message` and return a dict or None. They import notifications and
# connect in their AppConfig.ready; notifications never imports them.
email_context = Signal()


class RecipientMissing(Exception):
    """Nobody holds the role this message is for: the lead must record them, then resend."""


def _subject(message: Message, inspection, milestones: dict, event: CalendarEvent | None, is_update: bool) -> str:
    ref = inspection.reference
    what = inspection.framework.get_kind_display().lower()
    if message.kind in (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION):
        return f"{ref}: notification of a {what} of {inspection.area}"
    if message.kind in (K.CONFERENCE_CALL_INVITE, K.SETUP_MEETING_INVITE):
        updated = "Updated invitation" if is_update else "Invitation"
        return f"{ref}: {updated}: {event.get_key_display().lower()}, {_when(event.starts_at)}"
    if message.kind == K.MEETING_CANCELLED:
        # The meeting itself is off, or only this recipient is no longer invited to it.
        what = "Cancelled" if event.cancelled else "Invitation withdrawn"
        return f"{ref}: {what}: {event.get_key_display().lower()}, {_when(event.starts_at)}"
    if message.kind == K.ACCOUNT_INVITATION:
        return f"{ref}: you are invited to the case audits for the inspection of {inspection.area}"
    milestone = milestones[message.milestone_key]
    if message.kind == K.CASE_AUDIT_REQUEST:
        return f"{ref}: case-audit request: the area's joint audits are due {milestone.date:%A %-d %B %Y}"
    if message.kind == K.CASE_AUDIT_REMINDER:
        return f"{ref}: reminder: case audits due {milestone.date:%A %-d %B %Y}"
    if message.kind == K.FACTUAL_ACCURACY_REMINDER:
        return f"{ref}: reminder: factual-accuracy response due {milestone.date:%A %-d %B %Y}"
    return f"{ref}: reminder: {milestone.label.lower()} on {milestone.date:%A %-d %B %Y}"


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
    is_update = event is not None and message.kind != K.MEETING_CANCELLED and holds_meeting(message)
    subject = _subject(message, inspection, milestones, event, is_update)
    today = timezone.localdate()
    call = milestones.get(MilestoneKey.CONFERENCE_CALL)
    call_ahead = call is not None and (call.date, call.time or datetime.time.max) > (
        today,
        timezone.localtime().time(),
    )
    path = reverse("inspections:detail", args=[inspection.reference]) if message.inspector_id else reverse("home")
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
        "is_update": is_update,
        "link": f"{settings.SITE_URL}{path}",
        "subject": subject,
        # Someone told after the notification day is told when it was, and is invited only
        # to what is still ahead.
        "notified_on": timezone.localdate(inspection.notified_at) if inspection.notified_at else today,
        "today": today,
        "call_ahead": call_ahead,
    }
    for _receiver, extra in email_context.send(sender=Message, message=message):
        context.update(extra or {})
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
                summary=event.get_key_display(),
                description=f"{context['kind_name']} of {inspection.area} ({inspection.reference}).",
                location=_location(event, inspection),
                starts_at=event.starts_at,
                sequence=message.ics_sequence,
                attendee_name=message.recipient_name,
                attendee_email=message.recipient_email,
                cancel=cancel,
            ),
            f"text/calendar; method={'CANCEL' if cancel else 'REQUEST'}; charset=UTF-8",
        )
    return email


def _location(event: CalendarEvent, inspection) -> str:
    if event.key == CalendarEvent.Key.CONFERENCE_CALL:
        return "Telephone conference: the lead inspector sends the dial-in details"
    return f"{inspection.area}: the council's offices, as agreed with the lead inspector"
