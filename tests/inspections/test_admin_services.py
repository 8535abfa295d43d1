"""The inspection admin saves through the services the pages use: a refusal is an error on the
form that changes nothing, and a change sends what the inspection page would send."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from inspections.models import FrameworkVersion, Programme
from inspections.notifications.dispatch import notifications_dispatch
from tests.helpers import london, sign_in_verified
from tests.inspections.test_admin import admin_form

VENUE = "Council House, Room 4.12, 1 High Street, Northshire"


@pytest.fixture
def admin_manager(manager):
    """An admin who is also an inspectorate manager, who may change any inspection."""
    user = manager.user
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _change(client, user, inspection, **values):
    sign_in_verified(client, user)  # now, as the clock stands
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    data = admin_form(client, url)
    data.update({name: [value] for name, value in values.items()})
    return client.post(url, data)


def test_a_venue_changed_in_the_admin_after_the_invitations_went_sends_every_holder_an_update(
    client, clock, planned_inspection, admin_manager
):
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    mail.outbox.clear()
    clock.move_to(london(2016, 2, 23, 11, 0))

    response = _change(client, admin_manager, planned_inspection, setup_meeting_venue=VENUE)
    notifications_dispatch()

    assert response.status_code == 302, response.content.decode()[:2000]
    planned_inspection.refresh_from_db()
    assert planned_inspection.setup_meeting_venue == VENUE
    updates = [m for m in mail.outbox if "Updated invitation: joint set-up meeting" in m.subject]
    # As from the inspection page: everyone holding the invitation, the police's leader among them.
    assert any("chief@police.example.org" in m.to[0] for m in updates)
    assert all(VENUE in m.body for m in updates)


def test_details_the_service_refuses_are_an_error_on_their_field_and_change_nothing(
    client, clock, planned_inspection, admin_manager
):
    response = _change(client, admin_manager, planned_inspection, conference_call_details="x" * 1001)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["conference_call_details"] == ["The dial-in details must be 1000 characters or fewer."]
    planned_inspection.refresh_from_db()
    assert planned_inspection.conference_call_details == ""


def test_a_programme_of_another_kind_is_an_error_on_the_programme_and_changes_nothing(
    client, planned_inspection, admin_manager
):
    ofsted_only = Programme.objects.create(
        slug="ofsted-only-2016",
        name="Ofsted-only targeted inspections 2016",
        kind=FrameworkVersion.Kind.OFSTED_ONLY,
        starts_on=datetime.date(2016, 1, 1),
        ends_on=datetime.date(2016, 12, 31),
    )
    before = planned_inspection.programme_id

    response = _change(client, admin_manager, planned_inspection, programme=str(ofsted_only.pk))

    assert response.status_code == 200
    assert "are not part of it" in response.context["adminform"].form.errors["programme"][0]
    planned_inspection.refresh_from_db()
    assert planned_inspection.programme_id == before


def test_fields_no_service_changes_are_read_only(client, planned_inspection, admin_manager):
    sign_in_verified(client, admin_manager)
    data = admin_form(client, reverse("admin:inspections_inspection_change", args=[planned_inspection.pk]))
    assert {"conference_call_details", "setup_meeting_venue", "programme"} <= set(data)
    assert not {"onsite_start", "area", "framework", "theme", "concern"} & set(data)
