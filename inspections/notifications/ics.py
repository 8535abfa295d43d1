"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for an inspection's meetings.

One UID per inspection and meeting, so an update (higher SEQUENCE, METHOD:REQUEST) or a
cancellation (METHOD:CANCEL) replaces the entry already in the recipient's calendar.
"""

from __future__ import annotations

import datetime
import zoneinfo
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

LONDON = zoneinfo.ZoneInfo("Europe/London")
DURATION = {
    "conference_call": datetime.timedelta(hours=1),
    "setup_meeting": datetime.timedelta(hours=1, minutes=30),
}


def event_uid(*, reference: str, key: str) -> str:
    return f"{reference}-{key.replace('_', '-')}@jtai.notifications"


def invitation(
    *,
    reference: str,
    key: str,
    summary: str,
    description: str,
    location: str,
    starts_at: datetime.datetime,
    sequence: int,
    attendee_name: str,
    attendee_email: str,
    cancel: bool = False,
) -> bytes:
    """The .ics bytes: a request for (or cancellation of) one meeting, in Europe/London time."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = Calendar()
    calendar.add("prodid", "-//JTAI//Joint targeted area inspections//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)

    start = starts_at.astimezone(LONDON)
    event = Event()
    event.add("uid", event_uid(reference=reference, key=key))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + DURATION.get(key, datetime.timedelta(hours=1)))
    event.add("summary", f"{reference}: {summary}")
    event.add("description", description)
    event.add("location", location)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")

    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name or "JTAI")
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = vText(attendee_name or attendee_email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)

    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
