"""The inspection's team page: the lead or a manager changes who leads and who else is on the
team, and the team's invitations, reminders and cancellations follow."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from inspections.models import Stage, TeamMembership
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind, MessageStatus
from tests.helpers import area_with_people, london, messages, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    return factories.InspectorFactory(
        user__username="lead", user__first_name="Lena", user__last_name="Lead", user__email="lead@ofsted.example.org"
    )


@pytest.fixture
def colleague(db):
    return factories.InspectorFactory(
        user__username="cqc", user__first_name="Colin", user__last_name="Care", user__email="colin@cqc.example.org"
    )


@pytest.fixture
def inspection(clock, people, lead, colleague):
    return plan_inspection(people=people, lead=lead, team=[colleague])


def team_url(inspection):
    return reverse("inspections:team", args=[inspection.reference])


def detail_url(inspection):
    return reverse("inspections:detail", args=[inspection.reference])


def save_team(client, inspection, *, lead, members=()):
    data = {"lead": str(lead.pk) if lead else "", "team": [str(m.pk) for m in members]}
    return client.post(team_url(inspection), data)


def team_of(inspection):
    return {(m.inspector.name, m.is_lead) for m in inspection.team.select_related("inspector__user")}


def test_the_lead_sees_a_change_the_team_link_and_the_form_filled_with_the_team(client, inspection, lead, colleague):
    client.force_login(lead.user)

    page = client.get(detail_url(inspection)).content.decode()
    assert f'href="{team_url(inspection)}"' in page
    assert "Change the team" in page

    form = client.get(team_url(inspection)).content.decode()
    assert f'<option value="{lead.pk}" selected>' in form
    assert re.search(rf'value="{colleague.pk}"[^>]*checked', form)


def test_the_lead_adds_an_inspector_who_gets_the_team_reminders(client, inspection, lead, colleague):
    newcomer = factories.InspectorFactory(
        user__first_name="Nia", user__last_name="New", user__email="newcomer@hmic.example.org"
    )
    assert "newcomer@hmic.example.org" not in {m.recipient_email for m in messages(inspection)}
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=lead, members=[colleague, newcomer])

    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(inspection)}#team"
    page = client.get(detail_url(inspection)).content.decode()
    assert f"{inspection.reference}: Nia New joined the team." in page
    assert "Nia New" in page
    reminders = messages(inspection, kind=MessageKind.TEAM_REMINDER, milestone_key="onsite_start")
    assert "newcomer@hmic.example.org" in {m.recipient_email for m in reminders}
    # The history says who changed the team.
    added = TeamMembership.history.filter(inspector=newcomer).latest("history_date")
    assert added.history_type == "+" and added.history_user == lead.user


def test_the_lead_removes_an_inspector_whose_unsent_messages_are_withdrawn(client, inspection, lead, colleague):
    assert messages(inspection, recipient_email="colin@cqc.example.org", status=MessageStatus.SCHEDULED)
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=lead, members=[])

    assert response.status_code == 302
    assert team_of(inspection) == {("Lena Lead", True)}
    page = client.get(detail_url(inspection)).content.decode()
    assert "Colin Care left the team and will be told." in page
    left = messages(inspection, recipient_email="colin@cqc.example.org")
    assert left and {m.status for m in left} == {MessageStatus.WITHDRAWN}
    # The rest of the team keeps theirs.
    assert messages(inspection, recipient_email="lead@ofsted.example.org", status=MessageStatus.SCHEDULED)


def test_an_inspector_removed_after_the_invitations_went_is_sent_cancellations(
    client, clock, inspection, lead, colleague
):
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    mail.outbox.clear()

    clock.move_to(london(2016, 2, 22, 15, 0))  # after the conference call
    client.force_login(lead.user)
    assert save_team(client, inspection, lead=lead).status_code == 302

    left = messages(inspection, recipient_email="colin@cqc.example.org")
    assert {m.status for m in left if m.kind == MessageKind.TEAM_REMINDER} == {MessageStatus.WITHDRAWN}
    # Both meetings he was invited to, the set-up meeting and the joint feedback meeting.
    cancellations = sorted((m for m in left if m.kind == MessageKind.MEETING_CANCELLED), key=lambda m: m.event.key)
    assert [c.event.key for c in cancellations] == ["feedback_meeting", "setup_meeting"]
    assert {c.due_at for c in cancellations} == {london(2016, 2, 22, 15, 0)}

    notifications_dispatch()
    assert {tuple(email.to) for email in mail.outbox} == {("Colin Care <colin@cqc.example.org>",)}
    subjects = sorted(email.subject for email in mail.outbox)
    assert len(subjects) == 2 and subjects[0].startswith(
        f"{inspection.reference}: Invitation withdrawn: joint feedback"
    )
    assert subjects[1] == (
        f"{inspection.reference}: Invitation withdrawn: joint set-up meeting, Monday 7 March 2016 at 9:30am"
    )


def test_the_lead_hands_the_lead_to_a_colleague_and_stays_on_the_team(client, inspection, lead, colleague):
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=colleague, members=[lead])

    assert response.status_code == 302
    assert team_of(inspection) == {("Lena Lead", False), ("Colin Care", True)}
    page = client.get(detail_url(inspection)).content.decode()
    assert f"{inspection.reference}: Colin Care is now the lead inspector." in page
    # No longer the lead, so no longer offered the page.
    assert f'href="{team_url(inspection)}"' not in page
    assert client.get(team_url(inspection)).status_code == 403


def test_a_manager_may_take_the_lead_off_the_team(client, inspection, lead, colleague, manager):
    client.force_login(manager.user)

    assert save_team(client, inspection, lead=colleague).status_code == 302

    assert team_of(inspection) == {("Colin Care", True)}
    assert client.get(detail_url(inspection)).status_code == 200


def test_a_team_member_who_is_not_the_lead_gets_403(client, inspection, lead, colleague):
    client.force_login(colleague.user)

    assert f'href="{team_url(inspection)}"' not in client.get(detail_url(inspection)).content.decode()
    assert client.get(team_url(inspection)).status_code == 403
    assert save_team(client, inspection, lead=colleague, members=[lead]).status_code == 403
    assert team_of(inspection) == {("Lena Lead", True), ("Colin Care", False)}


def test_an_inspector_outside_the_team_gets_404(client, inspection, lead):
    outsider = factories.InspectorFactory()
    client.force_login(outsider.user)

    assert client.get(team_url(inspection)).status_code == 404
    assert save_team(client, inspection, lead=outsider, members=[lead]).status_code == 404
    assert not inspection.team.filter(inspector=outsider).exists()


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.CANCELLED])
def test_a_closed_inspections_team_no_longer_changes(client, inspection, lead, colleague, stage):
    type(inspection).objects.filter(pk=inspection.pk).update(stage=stage)
    client.force_login(lead.user)
    label = "published" if stage == Stage.PUBLISHED else "cancelled"

    assert f'href="{team_url(inspection)}"' not in client.get(detail_url(inspection)).content.decode()
    page = client.get(team_url(inspection)).content.decode()
    assert f"{inspection.reference} is {label}, so its team can no longer change." in page
    assert "Save the team" not in page

    response = save_team(client, inspection, lead=lead)
    assert response.status_code == 400
    assert f"{inspection.reference} is {label}, so its team can no longer change." in response.content.decode()
    assert team_of(inspection) == {("Lena Lead", True), ("Colin Care", False)}


def test_the_lead_cannot_take_themselves_off_the_team(client, inspection, lead, colleague):
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=colleague)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert "You cannot take yourself off the team: ask a manager to do it." in page
    assert team_of(inspection) == {("Lena Lead", True), ("Colin Care", False)}
    assert messages(inspection, recipient_email="lead@ofsted.example.org", status=MessageStatus.SCHEDULED)


def test_a_team_without_a_lead_is_refused(client, inspection, lead, colleague):
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=None, members=[lead, colleague])

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_lead"' in page
    assert "Choose the lead inspector" in page
    assert team_of(inspection) == {("Lena Lead", True), ("Colin Care", False)}


def test_adding_an_inspector_already_on_site_that_week_warns(client, inspection, lead, colleague):
    busy = factories.InspectorFactory(user__first_name="Bea", user__last_name="Busy", user__username="busy")
    plan_inspection(people=area_with_people(name="Southshire"), lead=busy)
    client.force_login(lead.user)

    response = save_team(client, inspection, lead=lead, members=[colleague, busy])

    assert response.status_code == 302
    assert inspection.team.filter(inspector=busy).exists()
    page = client.get(detail_url(inspection)).content.decode()
    # The lead may learn that Bea is busy, but not which inspection they cannot see.
    assert "Bea Busy is already on site for another inspection from 7 March 2016 to 11 March 2016." in page


def test_a_joint_team_left_without_an_inspectorate_is_warned_of(client, inspection, lead, colleague):
    client.force_login(lead.user)
    page = client.post(team_url(inspection), {"lead": str(lead.pk), "team": []}, follow=True)
    assert "No inspector from CQC, HMIC or HMI Probation is on the team." in page.content.decode()


def test_an_ofsted_only_team_refuses_another_inspectorate(client, clock, people, lead):
    inspection = plan_inspection(people=people, lead=lead, framework="ofsted-targeted-2016")
    cqc = factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    client.force_login(lead.user)
    response = save_team(client, inspection, lead=lead, members=[cqc])
    assert response.status_code == 400
    assert "Priya Nair (CQC) cannot be on its team" in response.content.decode()
    assert team_of(inspection) == {("Lena Lead", True)}
