"""Turning a message row into an e-mail: subject, text and HTML bodies and, for meetings,
a calendar part and file. Sending it is `transports.py`'s job.

The MIME tree of an invitation or meeting cancellation (what Outlook needs for its
Accept/Decline buttons, MS-OXCMAIL, and what every other client reads):

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST (or CANCEL)
      application/ics  invite.ics  (the same calendar, as a file)
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
import secrets
from dataclasses import dataclass
from email._policybase import Compat32, _has_surrogates
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.mime.text import MIMEText
from email.utils import formataddr, parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import Urlizer, escape

from inspections.models import ContactRole, Inspection, InspectionContact, Inspector, MilestoneKey, in_sentence
from inspections.templatetags.jtai_format import govuk_date, govuk_time

from . import ics
from .models import INVITE_KINDS, WITHDRAWN_NOTICE, CalendarEvent, Message, MessageKind
from .plan import AREA_DATES
from .selectors import area_contacts, held_invitation, lead_inspector, lead_inspectors

logger = logging.getLogger(__name__)
K = MessageKind


# Apps built on notifications add to an e-mail's context what only they know (case_audits: a
# single-use sign-up link for a contact without an account, the link to the case-audit
# request). Receivers take `message` and return a dict or None. They import notifications and
# connect in their AppConfig.ready; notifications never imports them.
email_context = Signal()


class RecipientMissing(Exception):
    """Nobody holds the role this message is for: the lead must record them, then resend."""


# Dates and times, GOV.UK style ("Monday 7 March 2016", "2:57pm", "10am", "midday"): the one
# home of their format is the core's `jtai_format`; messages join them with "at".
def govuk_when(day: datetime.date, time: datetime.time | None = None) -> str:
    return f"{govuk_date(day)} at {govuk_time(time)}" if time else govuk_date(day)


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return govuk_when(local.date(), local.time())


def kind_in_sentence(inspection: Inspection) -> str:
    return in_sentence(inspection.framework.get_kind_display())


def with_article(phrase: str) -> str:
    """ "a joint targeted area inspection", "an Ofsted-only targeted inspection"."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    # A sentence the message adds after the link, if any.
    note: str = ""


# Messages whose link opens another page than the inspection's: its URL name, and what the link
# says to the lead inspector.
ACT_ON = {
    K.DRAFT_LETTER_SENT: ("reports:letter", ""),
    K.FACTUAL_ACCURACY_SUBMITTED: ("reports:letter", "Read the response and decide each comment"),
    K.CASE_AUDIT_SUBMITTED: ("case_audits:overview", "See the return"),
    K.ACTION_PLAN_DUE: ("statements:statement", ""),
    K.ACTION_PLAN_RECEIVED: ("statements:statement", "Read the written statement of action and review it"),
    K.STATEMENT_ACCEPTED: ("statements:statement", ""),
    K.STATEMENT_CHANGES_REQUESTED: ("statements:statement", ""),
}


def link_for(message: Message, facts: InspectionFacts, offered: dict | None = None) -> Link:
    """Where a message's link takes its reader: the one home of that rule.

    `offered` is what apps built on the inspection contributed through `email_context` (case
    audits: a single-use `invitation_link` for someone without an account, and `case_audits_link`
    for the case-audit request and its reminder; each with the words of its link where the
    reader will see something else than the inspection, as a contributor does).

    - Someone without a log-in who was offered an invitation: the link that sets up their account
      and leads on to the inspection.
    - A case-audit message: the request and the return.
    - The team, and a local contact whose person has a log-in: the inspection's page.
    - A local contact without a log-in, in a message that carries no invitation: the sign-in page
      (which returns to the inspection's page), saying where their invitation is.
    """
    offered = offered or {}
    if offered.get("invitation_link"):
        expires = offered.get("invitation_expires")
        until = f", until {govuk_date(expires)}" if expires else ""
        return Link(
            offered["invitation_link"],
            offered.get("invitation_link_text") or "Set up your account and see the inspection",
            f"You do not have an account for this service yet. This link is for you alone and works once{until}.",
        )
    if offered.get("case_audits_link"):
        return Link(offered["case_audits_link"], offered.get("case_audits_link_text") or "The request and your return")
    page = facts.page
    # The page where the reader acts on the message, by URL name: notifications never import
    # the apps built on the inspection.
    if message.kind in ACT_ON:
        url_name, text = ACT_ON[message.kind]
        page = reverse(url_name, args=[message.inspection.reference])
        if message.inspector_id and text:
            return Link(f"{settings.SITE_URL}{page}", text)
    if message.inspector_id:
        return Link(f"{settings.SITE_URL}{page}", "See the inspection")
    user = message.contact.person.user if message.contact_id else None
    if user is not None and user.is_active:
        return Link(f"{settings.SITE_URL}{page}", "Sign in to see the inspection")
    return Link(
        f"{settings.SITE_URL}{facts.sign_in}?{urlencode({'next': page})}",
        "Sign in to the service",
        "You do not have an account for this service yet: set one up with the single-use link in the e-mail "
        "that told you of this inspection. If that link has expired, open it and ask for a new one.",
    )


def organizer_for(lead: Inspector | None) -> ics.Organizer:
    """Who organises the meetings and receives the replies: the monitored mailbox in settings,
    else the lead inspector; where neither can be written to, nobody (RSVP=FALSE)."""
    if settings.NOTIFICATIONS_REPLY_TO:
        name, address = parseaddr(settings.NOTIFICATIONS_REPLY_TO)
        return ics.Organizer(name or "Joint targeted area inspections", address)
    if lead is not None and lead.user.email:
        return ics.Organizer(lead.name, lead.user.email)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Organizer(name or "Joint targeted area inspections", address, replies=False)


def contact_line(lead: Inspector | None) -> str:
    """The lead inspector named, with how to reach them: in every message to the area."""
    if lead is None:
        return ""
    ways = [way for way in (lead.user.email, lead.telephone) if way]
    return f"{lead.name}, the lead inspector" + (f": {', '.join(ways)}" if ways else "")


# The subjects that say no more than the inspection's reference, kind and area.
PLAIN_SUBJECTS = {
    K.INSPECTION_POSTPONED: "{ref}: the {what} of {area} is postponed",
    K.INSPECTION_CANCELLED: "{ref}: the {what} of {area} is cancelled",
    K.ACCOUNT_INVITATION: "{ref}: you are invited to the case audits for the inspection of {area}",
    K.CASE_AUDIT_SUBMITTED: "{ref}: the area has submitted its case-audit return",
    K.FACTUAL_ACCURACY_SUBMITTED: "{ref}: the partnership has submitted its factual-accuracy response",
    K.ACTION_PLAN_RECEIVED: "{ref}: the area has sent its written statement of action",
}


def _subject(message: Message, inspection, milestones: dict, event: CalendarEvent | None, is_update: bool) -> str:
    ref = inspection.reference
    meeting = in_sentence(inspection.meeting_label(event.key)) if event else ""
    what = kind_in_sentence(inspection)
    if message.kind in PLAIN_SUBJECTS:
        return PLAIN_SUBJECTS[message.kind].format(ref=ref, what=what, area=inspection.area)
    if message.kind in (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION, K.COORDINATOR_NOTIFICATION):
        return f"{ref}: notification of {with_article(what)} of {inspection.area}"
    if message.kind == K.DATES_CHANGED:
        return f"{ref}: new dates: inspectors on site from {govuk_date(inspection.onsite_start)}"
    if message.kind in INVITE_KINDS:
        updated = "Updated invitation" if is_update else "Invitation"
        return f"{ref}: {updated}: {meeting}, {_when(event.starts_at)}"
    if message.kind == K.MEETING_CANCELLED:
        # The meeting itself is off, or only this recipient is no longer invited to it.
        what = "Cancelled" if event.cancelled else "Invitation withdrawn"
        return f"{ref}: {what}: {meeting}, {_when(event.starts_at)}"
    if message.kind == K.ACTION_PLAN_DUE:
        return f"{ref}: written statement of action due {_stored_when(message.dates['action_plan_due'])}"
    if message.kind == K.STATEMENT_ACCEPTED:
        return f"{ref}: your written statement of action is accepted"
    if message.kind == K.STATEMENT_CHANGES_REQUESTED:
        return f"{ref}: changes asked for in your written statement of action"
    milestone = milestones[message.milestone_key]
    if message.kind == K.CASE_AUDIT_REQUEST:
        return (
            f"{ref}: case-audit request: the area's joint audits are due {govuk_when(milestone.date, milestone.time)}"
        )
    if message.kind == K.CASE_AUDIT_REMINDER:
        return f"{ref}: reminder: case audits due {govuk_when(milestone.date, milestone.time)}"
    if message.kind == K.FACTUAL_ACCURACY_REMINDER:
        return f"{ref}: reminder: factual-accuracy response due {govuk_when(milestone.date, milestone.time)}"
    if message.kind == K.DRAFT_LETTER_SENT:
        due = govuk_when(milestone.date, milestone.time)
        return f"{ref}: draft letter of findings for your factual-accuracy check, due {due}"
    return f"{ref}: reminder: {in_sentence(milestone.label)} on {govuk_when(milestone.date, milestone.time)}"


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


def _stored_when(value: str) -> str:
    """A date as a message's `dates` stores it ("2016-03-04" or "2016-03-04T17:00"), GOV.UK style."""
    day, _, time = value.partition("T")
    return govuk_when(datetime.date.fromisoformat(day), datetime.time.fromisoformat(time) if time else None)


def date_changes(message: Message, inspection: Inspection) -> list[tuple[str, str, str]]:
    """What a "new dates" message shows: (what, old, new), the week on site first."""
    was, now = message.dates.get("was", {}), message.dates.get("told", {})
    rows = []
    start, end = MilestoneKey.ONSITE_START, MilestoneKey.ONSITE_END
    if start in was and start in now:

        def week(dates):
            return f"{_stored_when(dates[start])} to {_stored_when(dates[end])}" if end in dates else ""

        rows.append(("Week on site", week(was), week(now)))
    for key in AREA_DATES:
        if key in (start, end) or key not in was or key not in now:
            continue
        rows.append((inspection.meeting_label(key), _stored_when(was[key]), _stored_when(now[key])))
    return rows


class WholeUrlizer(Urlizer):
    """Django's urlize, keeping every character of the text: Django 5.2 drops punctuation that
    follows a closing bracket ("(lead@example.org)." loses its full stop in the HTML part)."""

    def trim_punctuation(self, word):
        lead, middle, _trail = super().trim_punctuation(word)
        return lead, middle, word[len(lead) + len(middle) :]


urlize = WholeUrlizer()


LINK_LINE = re.compile(r"^(?P<text>[^:]{3,80}): (?P<url>https?://\S+)$")


# Most lines are the same in every recipient's copy of a message, and urlize is slow: a burst
# links each distinct line once.
@functools.lru_cache(maxsize=4096)
def _inline(line: str) -> str:
    match = LINK_LINE.match(line)
    if match:
        return f'<a href="{escape(match["url"])}" style="color: #1d70b8;">{escape(match["text"])}</a>'
    return urlize(escape(line), autoescape=False).replace("<a ", '<a style="color: #1d70b8;" ')


def html_body(text: str) -> str:
    """The HTML body from the text one, as GOV.UK Notify formats its e-mails: paragraphs,
    bullet lists for lines starting "- ", and real links (a line "Sign in to …: URL" becomes the
    link "Sign in to …")."""
    blocks = []
    p = '<p style="margin: 0 0 20px; font-size: 19px; line-height: 1.315789474;">'
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = "".join(f'<li style="margin: 5px 0;">{_inline(line[2:])}</li>' for line in lines)
            blocks.append(f'<ul style="margin: 0 0 20px; padding: 0 0 0 20px; font-size: 19px;">{items}</ul>')
        else:
            blocks.extend(f"{p}{_inline(line)}</p>" for line in lines)
    return "\n".join(blocks)


def mailbox(name: str, address: str) -> str:
    """ "Name <address>" for a To or Reply-To header. An address whose domain is not ASCII
    (an internationalised domain, which the forms accept) gets the domain's IDNA form, as
    Django gives it; `formataddr` alone refuses it."""
    try:
        return formataddr((name, address))
    except UnicodeEncodeError:
        return sanitize_address((name, address), settings.DEFAULT_CHARSET)


class QuickFold(Compat32):
    """Python's compat32 header folding, which Django's e-mails use, with the common case worked
    out directly: a printable ASCII value that fits on its line comes out as it went in, as the
    full folding would give it (`test_quick_fold_folds_as_compat32_does`). That folding took a
    fifth of a burst's CPU.

    A value Django has already encoded (a subject or a name that is not ASCII: RFC 2047 encoded
    words, cut to a full line each without the header's name in mind) is decoded and encoded again
    knowing the name: compat32 would leave the first line empty ("Subject: " alone, which RFC 5322
    3.2.2 forbids and which Python's parser reads as a leading space), and keep a long name as one
    encoded word longer than RFC 2047's 75 characters."""

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and self.max_line_length
            and len(name) + 2 + len(value) <= self.max_line_length
            and value.isascii()
            and value.isprintable()
        ):
            return f"{name}: {value}{self.linesep}"
        if isinstance(value, str) and "=?" in value and not _has_surrogates(value):
            try:
                header = make_header(decode_header(value), header_name=name)
            except HeaderParseError:
                return super()._fold(name, value, sanitize)
            # RFC 2047 2: a line holding an encoded word is at most 76 characters.
            folded = header.encode(linesep=self.linesep, maxlinelen=min(self.max_line_length or 76, 76))
            return f"{name}: {folded}{self.linesep}"
        return super()._fold(name, value, sanitize)


QUICK_FOLD = QuickFold()


class MessageEmail(EmailMultiAlternatives):
    """An e-mail whose calendar, if it has one, is both a `text/calendar; method=…` part of its
    multipart/alternative (for Outlook's Accept/Decline) and an `invite.ics` file (for the rest)."""

    calendar: bytes | None = None
    calendar_method: str = "REQUEST"

    def message(self):
        msg = super().message()
        if self.calendar is not None:
            part = MIMEText(self.calendar.decode(), "calendar", "utf-8")
            part.set_param("method", self.calendar_method)
            alternative = next(p for p in msg.walk() if p.get_content_type() == "multipart/alternative")
            alternative.attach(part)
        # A random boundary of our own: the generator would otherwise make one per multipart and
        # compile a regular expression to search the whole message for it, costly in a burst.
        # "=_" never starts a line of quoted-printable or base64 text, and 96 random bits cannot
        # turn up by chance; short enough that the Content-Type header needs no folding.
        for part in msg.walk():
            if part.is_multipart():
                part.set_boundary(f"=_{secrets.token_hex(12)}")
        # The generator folds every part's headers with the policy of the message it flattens.
        msg.policy = QUICK_FOLD
        return msg


@dataclass(frozen=True)
class InspectionFacts:
    """What every message of one inspection names alike: its lead inspector, DCS and DCS
    coordinator. A dispatcher reads them once per batch, not three queries per message."""

    lead: Inspector | None
    dcs: InspectionContact | None
    coordinator: InspectionContact | None
    # The inspection's page and the sign-in page (paths): every message links to one of them.
    page: str
    sign_in: str


def inspection_facts(inspections) -> dict[int, InspectionFacts]:
    """The facts of each of these inspections, in three queries whatever their number."""
    references = {inspection.pk: inspection.reference for inspection in inspections}
    ids = set(references)
    leads = lead_inspectors(ids)
    dcs = area_contacts(ids, ContactRole.DCS)
    coordinators = area_contacts(ids, ContactRole.DCS_COORDINATOR)
    sign_in = reverse("login")
    return {
        pk: InspectionFacts(
            lead=leads.get(pk),
            dcs=dcs.get(pk),
            coordinator=coordinators.get(pk),
            page=reverse("inspections:detail", args=[reference]),
            sign_in=sign_in,
        )
        for pk, reference in references.items()
    }


def render(message: Message, facts: InspectionFacts | None = None) -> MessageEmail:
    """The e-mail for a message, with text and HTML bodies and, for meetings, its calendar.
    `facts` are its inspection's (`inspection_facts`), when the caller has read them already."""
    if not message.recipient_email:
        raise RecipientMissing(missing_recipient_error(message))
    if facts is None:
        facts = inspection_facts([message.inspection])[message.inspection_id]
    context = _context(message, facts)
    text = render_to_string(f"notifications/emails/{message.kind}.txt", context).strip() + "\n"
    text = re.sub(r"\n{3,}", "\n\n", text)
    html = render_to_string("notifications/emails/base.html", {**context, "body_html": html_body(text)})
    email = _email(message, context["subject"], text, html, context["organizer"])
    if message.event is not None:
        _attach_calendar(email, message, context)
    return email


def _context(message: Message, facts: InspectionFacts) -> dict:
    """What a message's templates are given: the inspection's facts and dates, the meeting it is
    about, what apps built on the inspection add (`email_context`), and where its link goes."""
    inspection = message.inspection
    milestones = {m.key: m for m in inspection.milestones.all()}
    event = message.event
    held = held_invitation(message) if event is not None and message.kind != K.MEETING_CANCELLED else None
    is_update = held is not None
    today = timezone.localdate()
    call = milestones.get(MilestoneKey.CONFERENCE_CALL)
    call_ahead = call is not None and (call.date, call.time or datetime.time.max) > (
        today,
        timezone.localtime().time(),
    )
    lead = facts.lead
    contact = message.contact if message.contact_id else None
    context = {
        "message": message,
        "inspection": inspection,
        "reference": inspection.reference,
        "area": inspection.area,
        "kind_name": kind_in_sentence(inspection),
        "a_kind": with_article(kind_in_sentence(inspection)),
        "recipient_name": message.recipient_name,
        "milestones": milestones,
        "milestone": milestones.get(message.milestone_key),
        "event": event,
        "event_when": _when(event.starts_at) if event else "",
        # What the meeting is called mid-sentence, and where it is (blank: not recorded yet).
        "event_name": in_sentence(inspection.meeting_label(event.key)) if event else "",
        "event_location": event.location if event else "",
        "details_name": Inspection.MEETING_DETAILS_NAMES.get(event.key, "") if event else "",
        "is_update": is_update,
        # What an update changes for whoever holds the meeting: its time, its place, or both.
        "moved": is_update and held.expires_at != event.starts_at,
        "relocated": is_update and held.ics_sequence < event.location_sequence,
        "milestone_name": in_sentence(milestones[message.milestone_key].label)
        if message.milestone_key in milestones
        else "",
        "link": None,
        # Where the lead records the dial-in and the venue: the inspection page's meetings section.
        "meetings_link": f"{settings.SITE_URL}{facts.page}#meetings",
        "subject": _subject(message, inspection, milestones, event, is_update),
        # Someone told after the notification day is told when it was, and is invited only
        # to what is still ahead.
        "notified_on": timezone.localdate(inspection.notified_at) if inspection.notified_at else today,
        "today": today,
        "call_ahead": call_ahead,
        "lead": lead,
        "for_lead": lead is not None and message.inspector_id == lead.pk,
        "contact_line": contact_line(lead),
        "organizer": organizer_for(lead),
        "to_area": not message.inspector_id,
        "coordinator": facts.coordinator,
        "dcs": facts.dcs,
        "role": contact.role if contact else "",
        "agency": contact.agency if contact else None,
        "changes": date_changes(message, inspection) if message.kind == K.DATES_CHANGED else [],
        # A due date kept outside the milestones (the written statement of action's, in reports).
        "due": _stored_when(message.dates["action_plan_due"]) if "action_plan_due" in message.dates else "",
        "invited": message.kind in (K.DATES_CHANGED, *WITHDRAWN_NOTICE.values()) and _invited(message),
    }
    offered: dict = {}
    for _receiver, extra in email_context.send(sender=Message, message=message):
        offered.update(extra or {})
    context.update(offered)
    context["link"] = link_for(message, facts, offered)
    return context


def _email(message: Message, subject: str, text: str, html: str, organizer: ics.Organizer) -> MessageEmail:
    email = MessageEmail(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mailbox(message.recipient_name, message.recipient_email)],
        reply_to=[mailbox(organizer.name, organizer.email)] if organizer.replies else None,
        headers={
            # The same Message-ID on every attempt lets mail programs fold a repeat into one.
            "Message-ID": message.message_id,
            "X-JTAI-Reference": message.inspection.reference,
            "X-JTAI-Message": str(message.pk),
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def _attach_calendar(email: MessageEmail, message: Message, context: dict) -> None:
    """A meeting's invitation or cancellation: the calendar as an alternative part and a file."""
    event, inspection = message.event, message.inspection
    cancel = message.kind == K.MEETING_CANCELLED
    email.calendar = ics.invitation(
        reference=inspection.reference,
        key=event.key,
        summary=inspection.meeting_label(event.key),
        description=_description(event, inspection, context["lead"], context["for_lead"], context["link"]),
        location=event.location,
        starts_at=event.starts_at,
        sequence=message.ics_sequence,
        attendee_name=message.recipient_name,
        attendee_email=message.recipient_email,
        organizer=context["organizer"],
        cancel=cancel,
    )
    email.calendar_method = "CANCEL" if cancel else "REQUEST"
    email.attach("invite.ics", email.calendar, "application/ics")


def _invited(message: Message) -> bool:
    """Whether the recipient of a "new dates" message holds a meeting invitation (and so gets updates)."""
    return Message.objects.filter(
        inspection_id=message.inspection_id,
        kind__in=INVITE_KINDS,
        recipient_email__iexact=message.recipient_email.strip(),
    ).exists()


def to_be_sent(event: CalendarEvent, lead: Inspector | None, for_lead: bool) -> str:
    """What an invitation says while the dial-in or venue is not recorded; the lead is told to
    record it, not that "the lead inspector will send" it. The feedback meeting's venue is not
    recorded on the service: the lead tells those invited."""
    if event.key not in Inspection.MEETING_DETAILS_NAMES:
        if for_lead:
            return "Not recorded on the service: tell everyone invited where it is held."
        who = f"{lead.name}, the lead inspector," if lead else "The lead inspector"
        return f"{who} will tell you where it is held."
    what = Inspection.MEETING_DETAILS_NAMES[event.key]
    if for_lead:
        return (
            f"Not recorded yet. Record the {what} on the inspection's page, and everyone invited gets an "
            "updated invitation."
        )
    who = f"{lead.name}, the lead inspector," if lead else "The lead inspector"
    return f"{who} will send the {what}."


def _description(event: CalendarEvent, inspection: Inspection, lead, for_lead: bool, link: Link) -> str:
    """The calendar entry's DESCRIPTION: the meeting, the reference and where. No area name: the
    entry may be seen by whoever shares the calendar (it is CLASS:PRIVATE as well)."""
    what = Inspection.MEETING_DETAILS_NAMES.get(event.key, "venue")
    where = f"{what[:1].upper()}{what[1:]}: {event.location}" if event.location else to_be_sent(event, lead, for_lead)
    return f"{inspection.meeting_label(event.key)}, inspection {inspection.reference}.\n\n{where}\n\n{link.url}"


def meeting_calendar_file(*, event: CalendarEvent, user) -> bytes:
    """A meeting's calendar file to download again from the inspection's page: the same UID and
    SEQUENCE as the latest invitation, so it replaces the entry rather than adding a second."""
    inspection = event.inspection
    lead = lead_inspector(inspection)
    for_lead = lead is not None and lead.user_id == user.pk
    page = reverse("inspections:detail", args=[inspection.reference])
    return ics.invitation(
        reference=inspection.reference,
        key=event.key,
        summary=inspection.meeting_label(event.key),
        description=_description(event, inspection, lead, for_lead, Link(f"{settings.SITE_URL}{page}", "")),
        location=event.location,
        starts_at=event.starts_at,
        sequence=event.sequence,
        attendee_name=user.get_full_name() or user.get_username(),
        attendee_email=user.email or "",
        organizer=organizer_for(lead),
    )
