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
def lead_inspector(db):
    return factories.InspectorFactory(
        user__username="lead", user__first_name="Lena", user__last_name="Lead", user__email="lead@ofsted.example.org"
    )


@pytest.fixture
def colleague(db):
    return factories.InspectorFactory(
        user__username="cqc", user__first_name="Colin", user__last_name="Care", user__email="colin@cqc.example.org"
    )


@pytest.fixture
def inspection_with_colleague(clock, people, lead_inspector, colleague):
    return plan_inspection(people=people, lead=lead_inspector, team=[colleague])


def team_url(inspection):
    return reverse("inspections:team", args=[inspection.reference])


def detail_url(inspection):
    return reverse("inspections:detail", args=[inspection.reference])


def save_team(client, inspection, *, lead, members=()):
    data = {"lead": str(lead.pk) if lead else "", "team": [str(m.pk) for m in members]}
    return client.post(team_url(inspection), data)


def team_of(inspection):
    return {(m.inspector.name, m.is_lead) for m in inspection.team.select_related("inspector__user")}


def test_the_lead_sees_a_change_the_team_link_and_the_form_filled_with_the_team(
    client, inspection_with_colleague, lead_inspector, colleague
):
    client.force_login(lead_inspector.user)

    page = client.get(detail_url(inspection_with_colleague)).content.decode()
    assert f'href="{team_url(inspection_with_colleague)}"' in page
    assert "Change the team" in page

    form = client.get(team_url(inspection_with_colleague)).content.decode()
    assert f'<option value="{lead_inspector.pk}" selected>' in form
    assert re.search(rf'value="{colleague.pk}"[^>]*checked', form)


def test_the_lead_adds_an_inspector_who_gets_the_team_reminders(
    client, inspection_with_colleague, lead_inspector, colleague
):
    newcomer = factories.InspectorFactory(
        user__first_name="Nia", user__last_name="New", user__email="newcomer@hmic.example.org"
    )
    assert "newcomer@hmic.example.org" not in {m.recipient_email for m in messages(inspection_with_colleague)}
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=lead_inspector, members=[colleague, newcomer])

    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(inspection_with_colleague)}#team"
    page = client.get(detail_url(inspection_with_colleague)).content.decode()
    assert f"{inspection_with_colleague.reference}: Nia New joined the team." in page
    assert "Nia New" in page
    reminders = messages(inspection_with_colleague, kind=MessageKind.TEAM_REMINDER, milestone_key="onsite_start")
    assert "newcomer@hmic.example.org" in {m.recipient_email for m in reminders}
    # The history says who changed the team.
    added = TeamMembership.history.filter(inspector=newcomer).latest("history_date")
    assert added.history_type == "+" and added.history_user == lead_inspector.user


def test_the_lead_removes_an_inspector_whose_unsent_messages_are_withdrawn(
    client, inspection_with_colleague, lead_inspector, colleague
):
    assert messages(inspection_with_colleague, recipient_email="colin@cqc.example.org", status=MessageStatus.SCHEDULED)
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=lead_inspector, members=[])

    assert response.status_code == 302
    assert team_of(inspection_with_colleague) == {("Lena Lead", True)}
    page = client.get(detail_url(inspection_with_colleague)).content.decode()
    assert "Colin Care left the team and will be told." in page
    left = messages(inspection_with_colleague, recipient_email="colin@cqc.example.org")
    assert left and {m.status for m in left} == {MessageStatus.WITHDRAWN}
    # The rest of the team keeps theirs.
    assert messages(
        inspection_with_colleague, recipient_email="lead@ofsted.example.org", status=MessageStatus.SCHEDULED
    )


def test_an_inspector_removed_after_the_invitations_went_is_sent_cancellations(
    client, clock, inspection_with_colleague, lead_inspector, colleague
):
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    mail.outbox.clear()

    clock.move_to(london(2016, 2, 22, 15, 0))  # after the conference call
    client.force_login(lead_inspector.user)
    assert save_team(client, inspection_with_colleague, lead=lead_inspector).status_code == 302

    left = messages(inspection_with_colleague, recipient_email="colin@cqc.example.org")
    assert {m.status for m in left if m.kind == MessageKind.TEAM_REMINDER} == {MessageStatus.WITHDRAWN}
    # Both meetings he was invited to, the set-up meeting and the joint feedback meeting.
    cancellations = sorted((m for m in left if m.kind == MessageKind.MEETING_CANCELLED), key=lambda m: m.event.key)
    assert [c.event.key for c in cancellations] == ["feedback_meeting", "setup_meeting"]
    assert {c.due_at for c in cancellations} == {london(2016, 2, 22, 15, 0)}

    notifications_dispatch()
    assert {tuple(email.to) for email in mail.outbox} == {("Colin Care <colin@cqc.example.org>",)}
    subjects = sorted(email.subject for email in mail.outbox)
    assert len(subjects) == 2 and subjects[0].startswith(
        f"{inspection_with_colleague.reference}: Invitation withdrawn: joint feedback"
    )
    assert subjects[1] == (
        f"{inspection_with_colleague.reference}: Invitation withdrawn: joint set-up meeting, "
        "Monday 7 March 2016 at 9:30am"
    )


def test_the_lead_hands_the_lead_to_a_colleague_and_stays_on_the_team(
    client, inspection_with_colleague, lead_inspector, colleague
):
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=colleague, members=[lead_inspector])

    assert response.status_code == 302
    assert team_of(inspection_with_colleague) == {("Lena Lead", False), ("Colin Care", True)}
    page = client.get(detail_url(inspection_with_colleague)).content.decode()
    assert f"{inspection_with_colleague.reference}: Colin Care is now the lead inspector." in page
    # No longer the lead, so no longer offered the page.
    assert f'href="{team_url(inspection_with_colleague)}"' not in page
    assert client.get(team_url(inspection_with_colleague)).status_code == 403


def test_a_manager_may_take_the_lead_off_the_team(
    client, inspection_with_colleague, lead_inspector, colleague, manager
):
    client.force_login(manager.user)

    assert save_team(client, inspection_with_colleague, lead=colleague).status_code == 302

    assert team_of(inspection_with_colleague) == {("Colin Care", True)}
    assert client.get(detail_url(inspection_with_colleague)).status_code == 200


def test_a_team_member_who_is_not_the_lead_gets_403(client, inspection_with_colleague, lead_inspector, colleague):
    client.force_login(colleague.user)

    assert (
        f'href="{team_url(inspection_with_colleague)}"'
        not in client.get(detail_url(inspection_with_colleague)).content.decode()
    )
    assert client.get(team_url(inspection_with_colleague)).status_code == 403
    assert save_team(client, inspection_with_colleague, lead=colleague, members=[lead_inspector]).status_code == 403
    assert team_of(inspection_with_colleague) == {("Lena Lead", True), ("Colin Care", False)}


def test_an_inspector_outside_the_team_gets_404(client, inspection_with_colleague, lead_inspector):
    outsider = factories.InspectorFactory()
    client.force_login(outsider.user)

    assert client.get(team_url(inspection_with_colleague)).status_code == 404
    assert save_team(client, inspection_with_colleague, lead=outsider, members=[lead_inspector]).status_code == 404
    assert not inspection_with_colleague.team.filter(inspector=outsider).exists()


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.CANCELLED])
def test_a_closed_inspections_team_no_longer_changes(
    client, inspection_with_colleague, lead_inspector, colleague, stage
):
    type(inspection_with_colleague).objects.filter(pk=inspection_with_colleague.pk).update(stage=stage)
    client.force_login(lead_inspector.user)
    label = "published" if stage == Stage.PUBLISHED else "cancelled"

    assert (
        f'href="{team_url(inspection_with_colleague)}"'
        not in client.get(detail_url(inspection_with_colleague)).content.decode()
    )
    page = client.get(team_url(inspection_with_colleague)).content.decode()
    assert f"{inspection_with_colleague.reference} is {label}, so its team can no longer change." in page
    assert "Save the team" not in page

    response = save_team(client, inspection_with_colleague, lead=lead_inspector)
    assert response.status_code == 400
    assert (
        f"{inspection_with_colleague.reference} is {label}, so its team can no longer change."
        in response.content.decode()
    )
    assert team_of(inspection_with_colleague) == {("Lena Lead", True), ("Colin Care", False)}


def test_the_lead_cannot_take_themselves_off_the_team(client, inspection_with_colleague, lead_inspector, colleague):
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=colleague)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert "You cannot take yourself off the team: ask a manager to do it." in page
    assert team_of(inspection_with_colleague) == {("Lena Lead", True), ("Colin Care", False)}
    assert messages(
        inspection_with_colleague, recipient_email="lead@ofsted.example.org", status=MessageStatus.SCHEDULED
    )


def test_a_team_without_a_lead_is_refused(client, inspection_with_colleague, lead_inspector, colleague):
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=None, members=[lead_inspector, colleague])

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_lead"' in page
    assert "Choose the lead inspector" in page
    assert team_of(inspection_with_colleague) == {("Lena Lead", True), ("Colin Care", False)}


def test_adding_an_inspector_already_on_site_that_week_warns(
    client, inspection_with_colleague, lead_inspector, colleague
):
    busy = factories.InspectorFactory(user__first_name="Bea", user__last_name="Busy", user__username="busy")
    plan_inspection(people=area_with_people(name="Southshire"), lead=busy)
    client.force_login(lead_inspector.user)

    response = save_team(client, inspection_with_colleague, lead=lead_inspector, members=[colleague, busy])

    assert response.status_code == 302
    assert inspection_with_colleague.team.filter(inspector=busy).exists()
    page = client.get(detail_url(inspection_with_colleague)).content.decode()
    # The lead may learn that Bea is busy, but not which inspection they cannot see.
    assert "Bea Busy is already on site for another inspection from 7 March 2016 to 11 March 2016." in page


def test_a_joint_team_left_without_an_inspectorate_is_warned_of(
    client, inspection_with_colleague, lead_inspector, colleague
):
    client.force_login(lead_inspector.user)
    page = client.post(team_url(inspection_with_colleague), {"lead": str(lead_inspector.pk), "team": []}, follow=True)
    assert "No inspector from CQC, HMIC or HMI Probation is on the team." in page.content.decode()


def test_an_ofsted_only_team_refuses_another_inspectorate(client, clock, people, lead_inspector):
    inspection = plan_inspection(people=people, lead=lead_inspector, framework="ofsted-targeted-2016")
    cqc = factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    client.force_login(lead_inspector.user)
    response = save_team(client, inspection, lead=lead_inspector, members=[cqc])
    assert response.status_code == 400
    assert "Priya Nair (CQC) cannot be on its team" in response.content.decode()
    assert team_of(inspection) == {("Lena Lead", True)}
