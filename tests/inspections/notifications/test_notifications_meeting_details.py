"""The conference call's dial-in and the set-up meeting's venue in the invitations and their
calendar files, and the updated invitations a change sends to everyone who holds one."""

import pytest
from django.core import mail
from icalendar import Calendar

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.emails import render
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.services import inspection_meetings_change
from tests.helpers import london, messages

pytestmark = pytest.mark.django_db
K = MessageKind
NOTIFICATION = london(2016, 2, 22, 10, 0)
DIAL_IN = "0300 123 4567, access code 81 22 93#"
VENUE = "Council House, Room 4.12, 1 High Street, Northshire"
HOLDERS = {
    "dcs@northshire.example.org",
    "chief@police.example.org",
    "ceo@nhs.example.org",
    "chair@lscb.example.org",
    "lead@ofsted.example.org",
}


def vevent(email):
    return Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")[0]


def to(email) -> str:
    return email.to[0].rsplit("<", 1)[-1].rstrip(">")


def record(inspection, *, call="", venue=""):
    lead = inspection.team.get(is_lead=True).inspector.user
    inspection_meetings_change(
        user=lead, inspection=inspection, conference_call_details=call, setup_meeting_venue=venue
    )


def invite(inspection, kind):
    (message,) = messages(inspection, kind=kind, recipient_email="chief@police.example.org")
    return render(message)


def test_until_recorded_the_invitations_say_the_lead_will_send_them(planned_inspection):
    lead = planned_inspection.team.get(is_lead=True).inspector.name
    call = invite(planned_inspection, K.CONFERENCE_CALL_INVITE)
    assert f"Dial-in: {lead}, the lead inspector, will send the dial-in details." in call.body
    # No placeholder where calendars expect a place: LOCATION waits for the real one.
    assert "LOCATION" not in vevent(call)
    setup = invite(planned_inspection, K.SETUP_MEETING_INVITE)
    assert f"Venue: {lead}, the lead inspector, will send the venue." in setup.body
    assert f"{lead}, the lead inspector, will send the venue." in str(vevent(setup)["DESCRIPTION"])


def test_recorded_details_are_in_the_body_location_and_description(planned_inspection):
    record(planned_inspection, call=DIAL_IN, venue=VENUE)

    call = invite(planned_inspection, K.CONFERENCE_CALL_INVITE)
    assert f"Dial-in: {DIAL_IN}" in call.body
    assert str(vevent(call)["LOCATION"]) == DIAL_IN
    assert DIAL_IN in str(vevent(call)["DESCRIPTION"])
    setup = invite(planned_inspection, K.SETUP_MEETING_INVITE)
    assert f"Venue: {VENUE}" in setup.body
    assert str(vevent(setup)["LOCATION"]) == VENUE
    assert VENUE in str(vevent(setup)["DESCRIPTION"])
    # Recorded before anything went: no update is needed, the first invitations carry them.
    assert {m.ics_sequence for m in messages(planned_inspection, kind=K.SETUP_MEETING_INVITE)} == {0}


def test_a_venue_recorded_after_the_invitations_went_sends_every_holder_an_update(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    first = {to(m): vevent(m) for m in mail.outbox if "set-up meeting" in m.subject}
    assert set(first) == HOLDERS
    mail.outbox.clear()

    clock.move_to(london(2016, 2, 23, 11, 0))
    record(planned_inspection, venue=VENUE)
    notifications_dispatch()

    updates = {to(m): m for m in mail.outbox}
    assert set(updates) == HOLDERS  # the set-up meeting's holders, and nothing about the call
    for address, email in updates.items():
        event = vevent(email)
        assert "Updated invitation: joint set-up meeting" in email.subject
        assert "has a new venue. This updated invitation replaces the one you had." in email.body
        assert str(event["LOCATION"]) == VENUE
        assert str(event["UID"]) == str(first[address]["UID"])
        assert int(event["SEQUENCE"]) > int(first[address]["SEQUENCE"])
    # Saving the same venue again sends nothing more.
    mail.outbox.clear()
    record(planned_inspection, venue=VENUE)
    notifications_dispatch()
    assert mail.outbox == []


def test_two_changes_before_the_update_goes_send_one_update_each(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    clock.move_to(london(2016, 2, 23, 11, 0))
    record(planned_inspection, call="", venue="Somewhere")
    record(planned_inspection, venue=VENUE)

    pending = messages(planned_inspection, kind=K.SETUP_MEETING_INVITE, status=MessageStatus.SCHEDULED)
    assert sorted(m.recipient_email for m in pending) == sorted(HOLDERS)
    mail.outbox.clear()
    notifications_dispatch()
    assert {str(vevent(m)["LOCATION"]) for m in mail.outbox} == {VENUE}
