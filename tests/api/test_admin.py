"""An admin issues, revokes and rotates tokens in the admin, through the service: the secret is
shown once, in the message after saving, and a blank system name is refused on its field."""

import re

import pytest
from django.urls import reverse

from api.models import SystemToken
from api.tokens import token_for
from tests.factories import UserFactory
from tests.helpers import sign_in_verified
from tests.inspections import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_verified(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _secrets(page) -> list[str]:
    return re.findall(r"jtai_[0-9a-f]{12}_[A-Za-z0-9_-]+", page.content.decode())


def test_issuing_shows_the_secret_once_and_it_works(admin_client):
    added = admin_client.post(
        reverse("admin:api_systemtoken_add"),
        {"system": "HMIC workforce planning", "inspectorate": factories.inspectorate("hmic").pk, "expires_at_0": ""},
        follow=True,
    )
    [secret] = _secrets(added)
    token = SystemToken.objects.get()
    assert token_for(secret) == token and token.system == "HMIC workforce planning"
    assert token.created_by.username == "root"
    assert _secrets(admin_client.get(reverse("admin:api_systemtoken_change", args=[token.pk]))) == []


def test_a_blank_system_is_refused_on_its_field_and_nothing_is_saved(admin_client):
    page = admin_client.post(
        reverse("admin:api_systemtoken_add"), {"system": "   ", "inspectorate": factories.inspectorate("hmic").pk}
    )
    assert page.status_code == 200
    assert "system" in page.context["adminform"].form.errors
    assert not SystemToken.objects.exists()


def test_revoking_and_rotating_from_the_list(admin_client):
    admin_client.post(
        reverse("admin:api_systemtoken_add"),
        {"system": "CQC case management", "inspectorate": factories.inspectorate("cqc").pk},
        follow=True,
    )
    token = SystemToken.objects.get()
    rotated = admin_client.post(
        reverse("admin:api_systemtoken_changelist"), {"action": "rotate", "_selected_action": [token.pk]}, follow=True
    )
    [secret] = _secrets(rotated)
    token.refresh_from_db()
    assert token.revoked_at is not None and token_for(secret).replaces == token
    admin_client.post(
        reverse("admin:api_systemtoken_changelist"),
        {"action": "revoke", "_selected_action": [token.replaced_by.pk]},
    )
    assert token_for(secret) is None
