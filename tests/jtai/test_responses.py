"""What every response carries, and what the logs say about refusals."""

import logging

import pytest
from django.urls import reverse

from tests.inspections import factories

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_neither_cached_nor_kept(client, inspection):
    client.force_login(inspection.team.get().inspector.user)
    response = client.get(reverse("inspections:detail", args=[inspection.reference]))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_refusal_is_one_warning_line_naming_who_and_what(client, inspection, caplog):
    # On the team but not its lead: may see the inspection, may not change its team.
    member = factories.InspectorFactory(user__username="member")
    factories.models.TeamMembership.objects.create(inspection=inspection, inspector=member)
    client.force_login(member.user)
    url = reverse("inspections:team", args=[inspection.reference])

    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 403

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Refused member: GET {url} (403): Only the lead inspector or a manager can change the team."
    )
