"""Changing your password: Django's validators (a bundled list of common passwords among them), and every
other session of the user ends."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.inspections import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW = "a long new password for 2016"


@pytest.fixture
def user():
    return factories.UserFactory(username="dcs", first_name="Dana", last_name="Director")


def change(client, new, again=None, current=PASSWORD):
    return client.post(
        reverse("account_password"),
        {"old_password": current, "new_password1": new, "new_password2": again or new},
    )


def test_a_common_password_is_refused_on_the_new_password_field(client, user):
    client.force_login(user)
    response = change(client, "professional")
    assert response.status_code == 200
    assert '<a href="#id_new_password1">Your new password is too common. Choose one that is harder to guess</a>' in (
        response.text
    )
    assert response.text.count("Your new password is too common") == 2  # the summary and the field
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "new, message",
    [
        ("short", "Your new password must be at least 12 characters"),
        ("201620162016201620", "Your new password must not be only numbers"),
    ],
)
def test_djangos_other_validators_name_the_field(client, user, new, message):
    client.force_login(user)
    assert f'<a href="#id_new_password1">{message}</a>' in change(client, new).text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, user):
    client.force_login(user)
    response = change(client, NEW, current="wrong")
    assert '<a href="#id_old_password">Your current password is not right. Check it and try again</a>' in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, user):
    elsewhere = Client()
    elsewhere.force_login(user)
    client.force_login(user)
    assert elsewhere.get(reverse("account")).status_code == 200

    response = change(client, NEW)
    assert response.url == reverse("account")
    page = client.get(reverse("account")).text
    assert "Your password has been changed" in page
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert elsewhere.get(reverse("account")).url.startswith(reverse("login"))


def test_the_account_page_links_to_the_password_change(client, user):
    client.force_login(user)
    assert 'href="/account/password/">Change your password</a>' in client.get(reverse("account")).text
    assert 'href="/account/">Your account</a>' in client.get(reverse("account_password")).text


def test_a_form_sent_with_nothing_in_it_names_each_field(client, user):
    client.force_login(user)
    response = client.post(reverse("account_password"), {})
    assert response.status_code == 200
    assert response.text.count('class="govuk-error-message"') >= 3
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
