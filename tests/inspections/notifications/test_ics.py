"""Calendar files (RFC 5545 / iTIP RFC 5546), parsed back as a calendar program would read them."""

import datetime
import zoneinfo

from icalendar import Calendar

from inspections.notifications import ics

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _event(**overrides):
    values = dict(
        reference="JTAI-2016-001",
        key="setup_meeting",
        summary="Joint set-up meeting",
        description="Joint targeted area inspection (JTAI-2016-001).",
        location="Council offices",
        starts_at=datetime.datetime(2016, 3, 7, 9, 30, tzinfo=LONDON),
        sequence=0,
        attendee_name="Dana Director",
        attendee_email="dcs@northshire.example.org",
    )
    values.update(overrides)
    calendar = Calendar.from_ical(ics.invitation(**values))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_is_a_request_for_one_meeting_at_its_london_time():
    calendar, event = _event()
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == datetime.datetime(2016, 3, 7, 9, 30, tzinfo=LONDON)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1, minutes=30)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]) == "mailto:dcs@northshire.example.org"


def test_an_update_and_a_cancellation_keep_the_uid_so_calendars_replace_the_entry():
    _, first = _event()
    _, moved = _event(starts_at=datetime.datetime(2016, 3, 14, 9, 30, tzinfo=LONDON), sequence=1)
    calendar, cancelled = _event(sequence=2, cancel=True)
    assert (
        str(first["UID"])
        == str(moved["UID"])
        == str(cancelled["UID"])
        == "JTAI-2016-001-setup-meeting@jtai.notifications"
    )
    assert [int(e["SEQUENCE"]) for e in (first, moved, cancelled)] == [0, 1, 2]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_each_meeting_of_an_inspection_has_its_own_uid():
    assert ics.event_uid(reference="JTAI-2016-001", key="conference_call") != ics.event_uid(
        reference="JTAI-2016-001", key="setup_meeting"
    )
