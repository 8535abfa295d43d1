"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for an inspection's meetings.

One UID per inspection and meeting, so an update (higher SEQUENCE, METHOD:REQUEST) or a
cancellation (METHOD:CANCEL) replaces the entry already in the recipient's calendar.

Times are Europe/London wall-clock times with the standard rule-based VTIMEZONE (two yearly
RRULEs), which every calendar program reads alike. icalendar's own generated VTIMEZONE lists
each change as a date (RDATE-style observances); some parsers (vobject among them) then read
winter meetings an hour early.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vRecur, vText

LONDON = zoneinfo.ZoneInfo("Europe/London")
DURATION = {
    "conference_call": datetime.timedelta(hours=1),
    "setup_meeting": datetime.timedelta(hours=1, minutes=30),
}


def event_uid(*, reference: str, key: str) -> str:
    return f"{reference}-{key.replace('_', '-')}@jtai.notifications"


def london_vtimezone() -> Timezone:
    """Europe/London as two yearly rules: BST from 01:00 UTC on the last Sunday of March, GMT
    from 01:00 UTC (02:00 BST) on the last Sunday of October (rules in force since 1996)."""
    tz = Timezone()
    tz.add("tzid", "Europe/London")
    tz.add("x-lic-location", "Europe/London")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "BST")
    daylight.add("tzoffsetfrom", datetime.timedelta(0))
    daylight.add("tzoffsetto", datetime.timedelta(hours=1))
    daylight.add("dtstart", datetime.datetime(1970, 3, 29, 1, 0))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    standard = TimezoneStandard()
    standard.add("tzname", "GMT")
    standard.add("tzoffsetfrom", datetime.timedelta(hours=1))
    standard.add("tzoffsetto", datetime.timedelta(0))
    standard.add("dtstart", datetime.datetime(1970, 10, 25, 2, 0))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def add_meeting_times(event: Event, *, key: str, starts_at: datetime.datetime) -> None:
    """A meeting's start and end as wall-clock times in the VTIMEZONE above (the one home of that
    rule, for invitations and feeds alike). The end is worked out in UTC, so a meeting across a
    clock change keeps its length."""
    event.add("dtstart", starts_at.astimezone(LONDON), parameters={"TZID": "Europe/London"})
    end = (starts_at.astimezone(datetime.UTC) + DURATION.get(key, datetime.timedelta(hours=1))).astimezone(LONDON)
    event.add("dtend", end, parameters={"TZID": "Europe/London"})


@dataclass(frozen=True)
class Organizer:
    """Who organises the meeting: whoever receives the replies. `replies` is False when nobody
    does (no monitored mailbox and no lead with an address): then RSVP=FALSE."""

    name: str
    email: str
    replies: bool = True


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
    organizer: Organizer,
    cancel: bool = False,
) -> bytes:
    """The .ics bytes: a request for (or cancellation of) one meeting, in Europe/London time.

    The entry is CLASS:PRIVATE, so a shared or delegated calendar shows only "busy". LOCATION is
    left out until the dial-in or venue is recorded, never a placeholder. A CANCEL asks for no reply.
    """
    method = "CANCEL" if cancel else "REQUEST"
    calendar = Calendar()
    calendar.add("prodid", "-//JTAI//Joint targeted area inspections//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(london_vtimezone())

    event = Event()
    event.add("uid", event_uid(reference=reference, key=key))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    add_meeting_times(event, key=key, starts_at=starts_at)
    event.add("summary", f"{reference}: {summary}")
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("class", "PRIVATE")
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")

    chair = vCalAddress(f"mailto:{organizer.email}")
    chair.params["cn"] = vText(organizer.name or organizer.email)
    event.add("organizer", chair)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = vText(attendee_name or attendee_email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    if not cancel:
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        # Ask for a reply only where one reaches someone, and never the organizer themselves.
        asks = organizer.replies and organizer.email.lower() != attendee_email.lower()
        attendee.params["rsvp"] = vText("TRUE" if asks else "FALSE")
    event.add("attendee", attendee)

    calendar.add_component(event)
    return calendar.to_ical()


# Subscribed feeds (api/feeds.py says what is in them): the same times, no method, no attendees.


@dataclass(frozen=True)
class FeedEvent:
    """One entry of a feed: a meeting (`starts_at`) or a whole-day span (`first_day`..`last_day`)."""

    uid: str
    summary: str
    cancelled: bool
    key: str = ""
    starts_at: datetime.datetime | None = None
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None


def feed(*, name: str, events: list[FeedEvent]) -> bytes:
    """A subscribed calendar. Every entry is CLASS:PRIVATE; a UID never changes, so calendars update
    an entry rather than add another; a cancelled one stays, marked CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", "-//JTAI//Joint targeted area inspections//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add_component(london_vtimezone())
    stamp = timezone.now().astimezone(datetime.UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if item.starts_at is not None:
            add_meeting_times(event, key=item.key, starts_at=item.starts_at)
        else:
            event.add("dtstart", item.first_day)
            event.add("dtend", item.last_day + datetime.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        event.add("summary", item.summary)
        event.add("class", "PRIVATE")
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
