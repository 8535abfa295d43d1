"""A failed message is told at the top of the inspection page and marked in the programme."""

from html import unescape

import pytest
from django.urls import reverse

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from tests.helpers import area_with_people, lead_of, london, messages, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def failed(clock, people):
    """An inspection whose DCS notification failed: nobody was recorded as its DCS."""
    people.dcs.delete()
    inspection = plan_inspection(people=people)
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    return inspection


def test_the_top_of_the_page_says_what_failed_why_and_offers_the_resend(client, failed):
    client.force_login(lead_of(failed))
    page = text(client.get(reverse("inspections:detail", args=[failed.reference])))
    (dcs,) = messages(failed, kind=MessageKind.DCS_NOTIFICATION)
    top = page[: page.index('id="stage"')]
    assert 'id="failed-summary"' in top and 'role="region"' in top
    assert "A message was not sent" in top
    assert "Notification to the DCS" in top
    assert f"No Director of Children's Services is recorded for {failed.reference}" in top
    assert reverse("notifications:resend", args=[failed.reference, dcs.pk]) in top
    # The summary says the notification did not go, and why, rather than that it is due.
    notification = page[page.index('id="notification"') :].split("</dd>")[0]
    assert "Not sent: No Director of Children's Services is recorded" in notification
    assert "Due " not in notification


def test_a_team_member_who_cannot_resend_is_told_who_can(client, clock, people):
    people.dcs.delete()
    member = factories.InspectorFactory()
    inspection = plan_inspection(people=people, team=[member])
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    client.force_login(member.user)
    page = text(client.get(reverse("inspections:detail", args=[inspection.reference])))
    top = page[: page.index('id="stage"')]
    assert "A message was not sent" in top and "The lead inspector can resend it" in top
    assert "/resend/" not in top


def test_nothing_failed_no_banner(client, planned_inspection):
    client.force_login(lead_of(planned_inspection))
    page = text(client.get(reverse("inspections:detail", args=[planned_inspection.reference])))
    assert 'id="failed-summary"' not in page
    assert "Due Monday 22 February 2016 at 10am" in page


def test_the_programme_marks_an_inspection_with_a_failed_message(client, failed, clock, people):
    fine = plan_inspection(people=area_with_people(name="Southshire"), lead=failed.team.get(is_lead=True).inspector)
    client.force_login(lead_of(failed))
    page = text(client.get(reverse("inspections:programme")))
    row = page[page.index(f'data-reference="{failed.reference}"') :].split("</tr>")[0]
    assert 'govuk-tag--red govuk-!-margin-top-1" data-failed>Message failed' in row
    other = page[page.index(f'data-reference="{fine.reference}"') :].split("</tr>")[0]
    assert "Message failed" not in other


@pytest.mark.parametrize("how_many", [2, 12])
def test_the_programme_reads_failed_messages_in_one_query(client, clock, people, how_many, django_assert_num_queries):
    people.dcs.delete()
    lead = factories.InspectorFactory(user__username="lead")
    for n in range(how_many):
        plan_inspection(people=area_with_people(name=f"Shire {n}", with_dcs=False), lead=lead)
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    client.force_login(lead.user)
    # Session, user, inspector, has_perm (two), programmes, stage counts, the list's length (its
    # pages), inspections, milestones, and the failed messages.
    with django_assert_num_queries(11):
        page = text(client.get(reverse("inspections:programme")))
    assert page.count("data-failed>Message failed") == how_many


def test_local_users_see_no_message_failures_in_their_list(client, failed, people):
    from inspections.services import inspection_transition

    inspection_transition(user=None, inspection=failed, name="notify")
    people.police.user = factories.UserFactory(username="peter")
    people.police.save()
    client.force_login(people.police.user)
    page = text(client.get(reverse("inspections:programme")))
    assert failed.reference in page
    assert "Message failed" not in page
