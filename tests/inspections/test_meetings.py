"""Where the meetings are held: `inspection_meetings_change` and the inspection page's form."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections.models import Inspection
from inspections.services import inspection_meetings_change, inspection_transition
from inspections.signals import plan_changed
from jtai.errors import DomainError
from tests.helpers import london
from tests.inspections import factories
from tests.inspections.test_planning_pages import form_data as planning_form_data

pytestmark = pytest.mark.django_db
DIAL_IN = "0300 123 4567, access code 81 22 93#"
VENUE = "Council House, Room 4.12, 1 High Street, Northshire"


def change(inspection, user, call="", venue=""):
    return inspection_meetings_change(
        user=user, inspection=inspection, conference_call_details=call, setup_meeting_venue=venue
    )


def test_the_lead_records_the_dial_in_and_venue_and_the_plan_is_told(planned_inspection, lead):
    told = []

    def receiver(sender, inspection, **kwargs):
        told.append(inspection.pk)

    plan_changed.connect(receiver)
    try:
        change(planned_inspection, lead, f"  {DIAL_IN}\n", VENUE)
    finally:
        plan_changed.disconnect(receiver)

    planned_inspection.refresh_from_db()
    assert (planned_inspection.conference_call_details, planned_inspection.setup_meeting_venue) == (DIAL_IN, VENUE)
    assert told == [planned_inspection.pk]
    assert planned_inspection.history.first().history_change_reason == "Meeting details recorded"


def test_a_manager_may_too_but_another_team_member_may_not(planned_inspection, manager):
    change(planned_inspection, manager.user, venue=VENUE)
    member = factories.InspectorFactory()
    planned_inspection.team.create(inspector=member)
    with pytest.raises(PermissionDenied):
        change(planned_inspection, member.user, venue="Elsewhere")
    planned_inspection.refresh_from_db()
    assert planned_inspection.setup_meeting_venue == VENUE


def test_refused_once_cancelled_naming_the_field(planned_inspection, lead):
    inspection_transition(user=lead, inspection=planned_inspection, name="cancel")
    with pytest.raises(DomainError) as error:
        change(planned_inspection, lead, venue=VENUE)
    assert error.value.field == "setup_meeting_venue"
    assert "cancelled" in error.value.message
    planned_inspection.refresh_from_db()
    assert planned_inspection.setup_meeting_venue == ""


def test_a_meeting_that_has_taken_place_keeps_its_details(clock, planned_inspection, lead):
    clock.move_to(london(2016, 2, 22, 15, 0))  # after the call on notification day
    with pytest.raises(DomainError) as error:
        change(planned_inspection, lead, call=DIAL_IN)
    assert error.value.field == "conference_call_details"
    assert "took place on Monday 22 February 2016" in error.value.message
    # The set-up meeting is still ahead: its venue may be recorded.
    change(planned_inspection, lead, venue=VENUE)


def test_too_long_details_are_refused_naming_the_field(planned_inspection, lead):
    with pytest.raises(DomainError) as error:
        change(planned_inspection, lead, call="x" * 1001)
    assert error.value.field == "conference_call_details"


def test_the_inspection_page_form_saves_without_javascript(client, planned_inspection, lead):
    client.force_login(lead)
    url = reverse("inspections:detail", args=[planned_inspection.reference])
    page = client.get(url).content.decode()
    assert 'action="/inspections/' in page and "/meetings/" in page
    assert 'name="conference_call_details"' in page and "govuk-textarea" in page
    assert "Not recorded yet: the lead inspector will send the venue." in page

    response = client.post(
        reverse("inspections:meetings", args=[planned_inspection.reference]),
        {"conference_call_details": DIAL_IN, "setup_meeting_venue": VENUE},
    )

    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert VENUE in page
    planned_inspection.refresh_from_db()
    assert planned_inspection.conference_call_details == DIAL_IN


def test_the_form_shows_the_services_refusal_in_an_error_summary(clock, client, planned_inspection, lead):
    clock.move_to(london(2016, 2, 22, 15, 0))
    client.force_login(lead)
    response = client.post(
        reverse("inspections:meetings", args=[planned_inspection.reference]),
        {"conference_call_details": DIAL_IN, "setup_meeting_venue": ""},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_conference_call_details"' in page
    assert "took place on Monday 22 February 2016" in page
    assert "<title>Error: " in page


def test_the_planning_form_takes_the_details_optionally(client, ofsted_inspector):
    client.force_login(ofsted_inspector.user)
    area = factories.AreaFactory(name="Croydon")
    data = {
        **planning_form_data(area=area, onsite_start=datetime.date(2016, 3, 7), lead=ofsted_inspector),
        "setup_meeting_venue": VENUE,
    }
    with time_machine.travel(london(2016, 1, 4, 9, 0), tick=False):
        assert 'name="conference_call_details"' in client.get(reverse("inspections:plan")).content.decode()
        preview = client.post(reverse("inspections:plan"), data)
        previewed = preview.context["fingerprint"]
        client.post(reverse("inspections:plan"), {**data, "action": "plan", "previewed": previewed})
    inspection = Inspection.objects.get()
    assert (inspection.setup_meeting_venue, inspection.conference_call_details) == (VENUE, "")
