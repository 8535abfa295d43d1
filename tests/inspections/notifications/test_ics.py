"""Calendar files (RFC 5545 / iTIP RFC 5546), parsed back as a calendar program would read them."""

import datetime
import zoneinfo

import pytest
import vobject
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
        organizer=ics.Organizer("Lena Lead", "lead@ofsted.example.org"),
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


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime.datetime(2016, 2, 22, 14, 0, tzinfo=LONDON),  # winter: GMT
        datetime.datetime(2016, 7, 4, 9, 30, tzinfo=LONDON),  # summer: BST
        datetime.datetime(2016, 3, 27, 9, 30, tzinfo=LONDON),  # the day the clocks go forward
        datetime.datetime(2016, 10, 31, 9, 30, tzinfo=LONDON),  # the day after they go back
    ],
)
def test_two_icalendar_libraries_read_the_same_instant(starts_at):
    raw = ics.invitation(
        reference="JTAI-2016-001",
        key="conference_call",
        summary="Conference call",
        description="",
        location="",
        starts_at=starts_at,
        sequence=0,
        attendee_name="Dana Director",
        attendee_email="dcs@northshire.example.org",
        organizer=ics.Organizer("Lena Lead", "lead@ofsted.example.org"),
    )
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    parsed = vobject.readOne(raw.decode())
    assert event.decoded("DTSTART") == parsed.vevent.dtstart.value == starts_at
    assert parsed.vevent.dtend.value - parsed.vevent.dtstart.value == datetime.timedelta(hours=1)


def test_the_time_zone_is_two_yearly_rules_not_a_list_of_dates():
    calendar, _ = _event()
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/London"
    rules = {c.name: c["RRULE"].to_ical().decode() for c in timezone.subcomponents}
    assert rules == {"DAYLIGHT": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "STANDARD": "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"}
    assert "RDATE" not in ics.invitation(**_values()).decode()


def _values(**overrides):
    return (
        dict(
            reference="JTAI-2016-001",
            key="setup_meeting",
            summary="Joint set-up meeting",
            description="Joint set-up meeting, inspection JTAI-2016-001.",
            location="",
            starts_at=datetime.datetime(2016, 3, 7, 9, 30, tzinfo=LONDON),
            sequence=0,
            attendee_name="Dana Director",
            attendee_email="dcs@northshire.example.org",
            organizer=ics.Organizer("Lena Lead", "lead@ofsted.example.org"),
        )
        | overrides
    )


def test_an_entry_is_private_has_no_placeholder_location_and_asks_the_organizer_for_replies():
    (event,) = Calendar.from_ical(ics.invitation(**_values())).walk("VEVENT")
    assert str(event["CLASS"]) == "PRIVATE"
    assert "LOCATION" not in event
    assert str(event["ORGANIZER"]) == "mailto:lead@ofsted.example.org"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"


def test_no_reply_is_asked_where_nobody_reads_it_nor_of_the_organizer_nor_in_a_cancellation():
    nobody = ics.Organizer("JTAI", "no-reply@jtai.localhost", replies=False)
    (event,) = Calendar.from_ical(ics.invitation(**_values(organizer=nobody))).walk("VEVENT")
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    (own,) = Calendar.from_ical(ics.invitation(**_values(attendee_email="lead@ofsted.example.org"))).walk("VEVENT")
    assert own["ATTENDEE"].params["RSVP"] == "FALSE"
    (cancel,) = Calendar.from_ical(ics.invitation(**_values(cancel=True))).walk("VEVENT")
    assert "RSVP" not in cancel["ATTENDEE"].params
    assert "PARTSTAT" not in cancel["ATTENDEE"].params
