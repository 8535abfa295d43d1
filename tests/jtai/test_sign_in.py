import datetime

import pytest
from django.urls import reverse

from tests.inspections import factories

# Limits count in windows of a minute: a window ending mid-test would reset the count, so every
# test here runs on the tests' one clock clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, address="192.0.2.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_guessing_one_account_is_stopped_after_ten_tries_even_with_the_right_password(client, settings):
    user = factories.UserFactory(username="lead")
    for _ in range(10):
        assert "The user name or password is not right" in sign_in(client, "lead", "wrong").text
    response = sign_in(client, "lead", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in. Wait a minute, then try again" in response.text
    assert "_auth_user_id" not in client.session
    # Another account from another address is not held up.
    other = factories.UserFactory(username="other")
    assert sign_in(client, other.username, PASSWORD, address="192.0.2.2").status_code == 302
    assert user.pk


def test_spraying_many_accounts_from_one_address_is_stopped(client, settings):
    settings.SIGN_IN_RATE_PER_IP = "3/m"
    for name in ("a", "b", "c"):
        assert sign_in(client, name, "wrong").status_code == 200
    assert sign_in(client, "d", "wrong").status_code == 429


def test_the_limit_lifts_after_a_minute(client, clock):
    factories.UserFactory(username="lead")
    for _ in range(11):
        sign_in(client, "lead", "wrong")
    assert sign_in(client, "lead", PASSWORD).status_code == 429
    clock.shift(datetime.timedelta(minutes=1))
    assert sign_in(client, "lead", PASSWORD).status_code == 302


def test_a_right_password_signs_in(client):
    factories.UserFactory(username="lead")
    response = sign_in(client, "lead", PASSWORD)
    assert response.status_code == 302
