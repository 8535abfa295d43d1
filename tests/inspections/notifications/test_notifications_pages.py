"""The inspection page's messages and local contacts: who sees them, resending, contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import ContactRole, TeamMembership
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.notifications.sync import notifications_sync
from tests.helpers import lead_of, london, messages, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def test_the_team_sees_every_message_with_recipient_kind_due_time_and_status(client, clock, planned_inspection):
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    client.force_login(lead_of(planned_inspection))

    page = client.get(reverse("inspections:detail", args=[planned_inspection.reference])).content.decode()

    assert 'id="message-list"' in page
    assert "Notification to the DCS" in page
    assert "dcs@northshire.example.org" in page
    assert "Monday 22 February 2016, 10am" in page
    assert "Sent" in page and "Scheduled" in page
    assert "Case-audit deadline reminder" in page


def test_a_failed_dcs_notification_is_shown_to_the_lead_who_can_resend_it(client, clock, people):
    people.dcs.delete()
    inspection = plan_inspection(people=people)
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    client.force_login(lead_of(inspection))

    page = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    assert "A message was not sent" in page
    assert "No Director of Children&#x27;s Services is recorded for" in page
    # An "important" banner at the top of the page, once: an error summary would take the focus on
    # load, though nothing on the page was submitted.
    assert "govuk-error-summary" not in page
    assert page.count("A message was not sent") == 1
    start = page.index('<div class="govuk-notification-banner" role="region" aria-labelledby="failed-summary-title"')
    banner = page[start : page.index('id="messages"')]
    assert start < page.index('id="summary"')  # at the top, above the inspection's summary
    assert "Important" in banner and "Put right what went wrong first" in banner
    (dcs,) = messages(inspection, kind=MessageKind.DCS_NOTIFICATION)
    resend = reverse("notifications:resend", args=[inspection.reference, dcs.pk])
    assert resend in page

    response = client.post(resend)
    assert response.status_code == 302
    dcs.refresh_from_db()
    assert dcs.status == MessageStatus.SCHEDULED


def test_other_team_members_see_the_list_but_cannot_resend(client, clock, people):
    people.dcs.delete()
    member = factories.InspectorFactory()
    inspection = plan_inspection(people=people, team=[member])
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    client.force_login(member.user)

    page = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    assert "A message was not sent" in page
    (dcs,) = messages(inspection, kind=MessageKind.DCS_NOTIFICATION)
    assert reverse("notifications:resend", args=[inspection.reference, dcs.pk]) not in page
    assert client.post(reverse("notifications:resend", args=[inspection.reference, dcs.pk])).status_code == 403


def test_local_users_never_see_the_message_list(client, clock, planned_inspection, people):
    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()  # notified: the DCS may now see the inspection
    people.dcs.user = factories.UserFactory(username="dana")
    people.dcs.save()
    client.force_login(people.dcs.user)

    page = client.get(reverse("inspections:detail", args=[planned_inspection.reference]))
    assert page.status_code == 200
    assert "message-list" not in page.content.decode()
    assert "chief@police.example.org" not in page.content.decode()
    assert client.get(reverse("inspections:contacts", args=[planned_inspection.reference])).status_code == 404
    (dcs,) = messages(planned_inspection, kind=MessageKind.DCS_NOTIFICATION)
    assert client.post(reverse("notifications:resend", args=[planned_inspection.reference, dcs.pk])).status_code == 404


def test_before_notification_the_pages_do_not_exist_for_the_area(client, planned_inspection, people):
    people.dcs.user = factories.UserFactory(username="dana")
    people.dcs.save()
    client.force_login(people.dcs.user)

    assert client.get(reverse("inspections:contacts", args=[planned_inspection.reference])).status_code == 404


def test_the_lead_records_a_dcs_and_the_notification_is_readdressed(client, clock, people):
    people.dcs.delete()
    inspection = plan_inspection(people=people)
    new_dcs = factories.PersonFactory(name="Nia New", email="nia@northshire.example.org", area=people.area)
    client.force_login(lead_of(inspection))

    response = client.post(
        reverse("inspections:contacts", args=[inspection.reference]), {"person": new_dcs.pk, "role": ContactRole.DCS}
    )

    assert response.status_code == 302
    (dcs,) = messages(inspection, kind=MessageKind.DCS_NOTIFICATION)
    assert (dcs.recipient_name, dcs.recipient_email) == ("Nia New", "nia@northshire.example.org")


def test_a_second_dcs_is_refused_with_a_message_naming_the_field(client, planned_inspection, people):
    other = factories.PersonFactory(name="Otto Other", area=people.area)
    client.force_login(lead_of(planned_inspection))

    response = client.post(
        reverse("inspections:contacts", args=[planned_inspection.reference]),
        {"person": other.pk, "role": ContactRole.DCS},
    )

    assert response.status_code == 400
    assert "Dana Director is already the Director of Children&#x27;s Services: remove them first." in (
        response.content.decode()
    )
    assert planned_inspection.contacts.filter(role=ContactRole.DCS).get().person == people.dcs


def test_someone_from_another_area_cannot_be_added(client, planned_inspection):
    stranger = factories.PersonFactory(name="Sam Stranger")
    client.force_login(lead_of(planned_inspection))

    response = client.post(
        reverse("inspections:contacts", args=[planned_inspection.reference]),
        {"person": stranger.pk, "role": ContactRole.DCS_COORDINATOR},
    )

    assert response.status_code == 400
    assert "Choose one of the area" in response.content.decode()


def test_removing_an_agency_leader_withdraws_their_unsent_messages(client, planned_inspection, people):
    contact = planned_inspection.contacts.get(person=people.police)
    client.force_login(lead_of(planned_inspection))

    response = client.post(reverse("inspections:remove_contact", args=[planned_inspection.reference, contact.pk]))

    assert response.status_code == 302
    assert not planned_inspection.messages.filter(
        recipient_email="chief@police.example.org", status=MessageStatus.SCHEDULED
    ).exists()


def test_the_page_runs_the_same_queries_for_few_or_many_messages(client, clock, people):
    inspection = plan_inspection(people=people)
    client.force_login(lead_of(inspection))
    url = reverse("inspections:detail", args=[inspection.reference])
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    more = [factories.InspectorFactory() for _ in range(5)]
    TeamMembership.objects.bulk_create(TeamMembership(inspection=inspection, inspector=i) for i in more)
    notifications_sync(inspection=inspection)
    assert inspection.messages.count() > 40
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
