"""A local area's DCS, coordinator and senior leaders land on their inspection's page, which says
what each must do next and by when, who leads it and how to reach them, where the meetings are,
and gives their calendar files again."""

from html import unescape

import pytest
from django.urls import reverse

from inspections import next_steps
from inspections.models import ContactRole
from inspections.notifications.dispatch import notifications_dispatch
from tests.helpers import london
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def notified(clock, planned_inspection):
    """Notification day, 10am: the DCS and the leaders have been told; the call is at 2pm."""
    inspection = planned_inspection
    inspection.conference_call_details = "Dial 0300 123 4567, code 8812"
    inspection.setup_meeting_venue = "Civic Centre, room 4"
    inspection.save()
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    inspection.refresh_from_db()
    assert inspection.notified_at
    return inspection


def log_in(client, person, username):
    person.user = factories.UserFactory(username=username, first_name=person.name.split()[0])
    person.save()
    client.force_login(person.user)


def steps(page: str) -> list[str]:
    return [chunk.split('"')[0] for chunk in page.split('data-step="')[1:]]


def test_a_local_user_starts_on_their_inspection(client, notified, people):
    log_in(client, people.police, "peter")
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("inspections:detail", args=[notified.reference])


def test_the_dcs_with_a_coordinator_joins_the_call_today_and_the_set_up_meeting(client, notified, people):
    log_in(client, people.dcs, "dana")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert steps(page) == ["conference_call", "setup_meeting"]
    assert "Join the conference call with local senior leaders" in page
    assert "Today at 2pm" in page
    assert "Monday 7 March 2016 at" in page


def test_the_dcs_without_a_coordinator_is_asked_to_nominate_one_and_has_the_case_audits(client, notified, people):
    notified.contacts.filter(role=ContactRole.DCS_COORDINATOR).delete()
    log_in(client, people.dcs, "dana")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert steps(page) == ["nominate_coordinator", "conference_call", "case_audits", "setup_meeting"]
    assert "Nominate a DCS coordinator" in page


def test_the_coordinator_sends_the_case_audits_by_their_deadline(client, notified, people):
    log_in(client, people.coordinator, "cora")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert "case_audits" in steps(page)
    deadline = notified.milestones.get(key="case_audit_deadline").date
    section = page[page.index('data-step="case_audits"') :].split("</li>")[0]
    assert "Send the area's case audits" in section
    assert f"{deadline:%A} {deadline.day} {deadline:%B %Y}" in section


def test_a_leader_has_the_call_but_not_the_case_audits(client, notified, people):
    log_in(client, people.police, "peter")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert steps(page) == ["conference_call", "setup_meeting"]


def test_the_page_names_the_lead_inspector_and_the_meeting_details(client, notified, people):
    log_in(client, people.police, "peter")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    lead = notified.team.get(is_lead=True).inspector
    contact = page[page.index('id="lead-inspector"') :].split("</dl>")[0]
    assert lead.name in contact
    assert 'href="mailto:lead@ofsted.example.org"' in contact
    assert "Dial 0300 123 4567, code 8812" in page and "Civic Centre, room 4" in page


def test_each_meeting_calendar_file_can_be_downloaded_again(client, notified, people):
    log_in(client, people.police, "peter")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    url = reverse("notifications:meeting_calendar", args=[notified.reference, "conference_call"])
    assert url in page
    assert reverse("notifications:meeting_calendar", args=[notified.reference, "setup_meeting"]) in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert f"UID:{notified.reference}-conference-call@jtai.notifications" in body
    assert "Dial 0300 123 4567" in body


def test_the_calendar_file_is_not_there_for_someone_who_may_not_see_the_inspection(client, clock, planned_inspection):
    client.force_login(factories.InspectorFactory().user)
    url = reverse("notifications:meeting_calendar", args=[planned_inspection.reference, "conference_call"])
    assert client.get(url).status_code == 404


def test_a_later_app_adds_a_step_and_replaces_a_core_one_through_the_extension_point(
    client, notified, people, monkeypatch
):
    def later_app(*, inspection, roles, milestones, coordinator_recorded, today):
        return [
            next_steps.NextStep("case_audits", "Upload the case audits", today, None, "", "/case-audits/"),
            next_steps.NextStep("setup_meeting", "Meet us at the town hall", today, None),
        ]

    monkeypatch.setattr(next_steps, "_providers", [])
    log_in(client, people.coordinator, "cora")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    # The core has no case-audit step of its own: the case_audits app alone gives it.
    assert "case_audits" not in steps(page)
    next_steps.next_steps_register(later_app)
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert '<a class="govuk-link" href="/case-audits/">Upload the case audits</a>' in page
    assert "Meet us at the town hall" in page and "Attend the" not in page


def test_the_case_audits_step_says_how_many_cases_the_framework_version_asks_for(client, notified, people):
    framework = notified.framework
    framework.case_audits_min, framework.case_audits_max = 4, 6
    framework.save()
    log_in(client, people.coordinator, "cora")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    section = page[page.index('data-step="case_audits"') :].split("</li>")[0]
    assert "the four to six cases the lead inspector asks for" in section


def test_the_factual_accuracy_response_is_the_dcs_s_step_during_the_check(client, notified, people):
    from inspections.services import inspection_transition

    lead = notified.team.get(is_lead=True).inspector.user
    for name in ("start_fieldwork", "finish_fieldwork", "start_factual_accuracy"):
        inspection_transition(user=lead, inspection=notified, name=name)
    log_in(client, people.dcs, "dana")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert "factual_accuracy" in steps(page)
    assert "single factual-accuracy response" in page


def test_the_team_does_not_get_the_local_section(client, notified):
    client.force_login(notified.team.get(is_lead=True).inspector.user)
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    assert 'id="next-steps"' not in page


@pytest.mark.parametrize("recorded", [True, False])
def test_the_call_step_says_where_the_dial_in_details_are_only_once_there_are_some(client, notified, people, recorded):
    if not recorded:
        notified.conference_call_details = ""
        notified.save()
    log_in(client, people.dcs, "dana")
    page = text(client.get(reverse("inspections:detail", args=[notified.reference])))
    section = page[page.index('data-step="conference_call"') :].split("</li>")[0]
    if recorded:
        assert "The dial-in details are below" in section
        assert "Dial 0300 123 4567, code 8812" in page
    else:
        assert "below" in section and "The lead inspector will send the dial-in details" in section
        assert "The dial-in details are below" not in page
        assert "Not recorded yet: the lead inspector will send the dial-in details." in page
