"""A forgotten password: the same answer for any address, a link in the e-mail (read as raw bytes) that
works once and expires, limits on asking, and the second factor still asked afterwards. The e-mail
leaves after the response, by the worker, through the service's transport: a mail server that is
down never fails the page."""

import datetime
import email
import email.policy
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.helpers import sign_in_verified
from tests.inspections import factories

# Limits count in windows and links expire: every test runs on the tests' clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NEW_PASSWORD = "a new and longer passphrase"


@pytest.fixture(autouse=True)
def _worker_in_process(monkeypatch):
    """What the request queues runs here when a test runs the worker's step (`worker_runs`)."""
    from inspections.notifications import tasks  # noqa: F401 (registers the sending task)
    from jtai.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def ask_only(client, address, remote="192.0.2.1"):
    """The request alone: its response, and what it queued for the worker (not run yet)."""
    with TestCase.captureOnCommitCallbacks() as queued:
        response = client.post(reverse("password_reset"), {"email": address}, REMOTE_ADDR=remote)
    return response, queued


def worker_runs(queued):
    for task in queued:
        task()


def ask(client, address, remote="192.0.2.1"):
    """The request, then the worker's step that sends what it queued."""
    response, queued = ask_only(client, address, remote)
    worker_runs(queued)
    return response


class ServerDown(Exception):
    pass


class FlakyBackend(EmailBackend):
    """Django's test outbox behind a mail server that refuses the first `refusals` tries."""

    refusals = 0
    tries = 0

    def send_messages(self, messages):
        FlakyBackend.tries += 1
        if FlakyBackend.tries <= FlakyBackend.refusals:
            raise ServerDown("421 Service not available")
        return super().send_messages(messages)


@pytest.fixture
def server_down_twice(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.refusals, FlakyBackend.tries = 2, 0
    return FlakyBackend


def link_in(mail_message) -> str:
    """The link as a mail program shows it: from the message's bytes, parsed."""
    parsed = email.message_from_bytes(mail_message.message().as_bytes(), policy=email.policy.default)
    (url,) = re.findall(r"https?://\S+", parsed.get_body(preferencelist=("plain",)).get_content())
    return urlsplit(url).path


def choose(client, path, password=NEW_PASSWORD):
    """Open the link, then choose a password on the page it leads to; returns the last response."""
    page = client.get(path, follow=True)
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else path
    return client.post(form_path, {"new_password1": password, "new_password2": password})


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client):
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    known = ask(client, "dcs@northshire.example.org")
    unknown = ask(client, "nobody@northshire.example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dcs@northshire.example.org"]
    page = client.get(known.url).text
    assert "If the address you entered belongs to an account, we have sent it a link" in page


def test_the_request_sends_nothing_and_the_worker_sends_the_email_after_it(client):
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    response, queued = ask_only(client, "dcs@northshire.example.org")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []
    worker_runs(queued)
    (message,) = mail.outbox
    assert message.to == ["dcs@northshire.example.org"]
    assert "Choose a new password" in client.get(link_in(message), follow=True).text


def test_a_mail_server_that_is_down_does_not_fail_the_page_and_the_email_goes_when_it_is_back(
    client, server_down_twice
):
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    response, queued = ask_only(client, "dcs@northshire.example.org")
    page = client.get(response.url)
    assert page.status_code == 200 and "Check your email" in page.text
    assert mail.outbox == []
    worker_runs(queued)  # refused twice, retried, then accepted
    assert server_down_twice.tries == 3
    (message,) = mail.outbox
    assert "Choose a new password" in client.get(link_in(message), follow=True).text


def test_a_broker_that_cannot_be_reached_does_not_fail_the_page(client, monkeypatch):
    from kombu.exceptions import OperationalError

    unreachable = mock.Mock()
    unreachable.delay.side_effect = OperationalError("Error 111 connecting to redis:6379. Connection refused.")
    monkeypatch.setattr("jtai.queues.app.signature", lambda *args, **kwargs: unreachable)
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "dcs@northshire.example.org"})
    assert unreachable.delay.called
    assert response.status_code == 302 and response.url == reverse("password_reset_done")


def test_an_email_not_sent_before_its_link_expires_is_not_sent(client, clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    _, queued = ask_only(client, "dcs@northshire.example.org")
    clock.shift(datetime.timedelta(hours=2, minutes=1))
    worker_runs(queued)
    assert mail.outbox == []


def test_with_govuk_notify_configured_the_email_leaves_through_notify(client, settings):
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "template-id"
    settings.SITE_URL = "https://jtai.example.gov.uk"
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    notify = mock.Mock()
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient", return_value=notify):
        response, queued = ask_only(client, "dcs@northshire.example.org")
        assert not notify.send_email_notification.called
        worker_runs(queued)
    assert response.status_code == 302
    assert mail.outbox == []
    (call,) = notify.send_email_notification.call_args_list
    assert call.kwargs["email_address"] == "dcs@northshire.example.org"
    assert call.kwargs["template_id"] == "template-id"
    body = call.kwargs["personalisation"]["body"]
    (url,) = re.findall(r"https?://\S+", body)
    assert url.startswith("https://jtai.example.gov.uk/sign-in/reset/")
    assert "Choose a new password" in client.get(urlsplit(url).path, follow=True).text


def test_the_link_in_the_email_opens_the_page_to_choose_a_password_and_the_new_one_signs_in(client, settings):
    settings.SITE_URL = "https://jtai.example.gov.uk"
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    ask(client, "DCS@northshire.example.org")
    (message,) = mail.outbox
    assert "https://jtai.example.gov.uk/sign-in/reset/" in message.body
    path = link_in(message)
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert "Choose a new password" in page.text
    done = choose(client, path)
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # choosing a password signs nobody in
    assert sign_in(client, "dcs", NEW_PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


def test_a_link_works_once(client):
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    ask(client, "dcs@northshire.example.org")
    path = link_in(mail.outbox[0])
    choose(client, path)
    again = client.get(path, follow=True)
    assert "This link does not work" in again.text
    assert "has been used or has expired" in again.text


def test_a_link_expires(client, clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    ask(client, "dcs@northshire.example.org")
    path = link_in(mail.outbox[0])
    assert "The link works once, for 2 hours." in mail.outbox[0].body
    clock.shift(datetime.timedelta(hours=2, minutes=1))
    late = client.get(path, follow=True)
    assert "This link does not work" in late.text
    assert choose(client, path).status_code == 200  # nothing is changed
    assert sign_in(client, "dcs", "correct horse battery staple").status_code == 302


def test_asking_again_and_again_for_one_address_is_stopped_whether_or_not_it_has_an_account(client, settings):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = "3/h"
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    for address in ("dcs@northshire.example.org", "nobody@northshire.example.org"):
        for n in range(3):
            assert ask(client, address, remote=f"192.0.2.{n}").status_code == 302
        refused = ask(client, address.upper(), remote="192.0.2.9")
        assert refused.status_code == 429
        assert "Too many requests to reset a password. Wait a minute, then try again" in refused.text
    assert len(mail.outbox) == 3


def test_asking_for_many_addresses_from_one_client_is_stopped(client, settings):
    settings.SIGN_IN_RATE_PER_IP = "3/m"
    for n in range(3):
        assert ask(client, f"person{n}@northshire.example.org").status_code == 302
    assert ask(client, "person9@northshire.example.org").status_code == 429


def test_a_new_password_does_not_switch_off_the_second_factor(client):
    inspector = factories.InspectorFactory(user__username="lead", user__email="lead@ofsted.example.gov.uk").user
    device = sign_in_verified(client, inspector)
    client.logout()
    ask(client, "lead@ofsted.example.gov.uk")
    choose(client, link_in(mail.outbox[0]))
    response = sign_in(client, "lead", NEW_PASSWORD)
    assert response.url == reverse("sign_in_code")
    assert "_auth_user_id" not in client.session
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_the_sign_in_page_offers_a_reset_and_says_who_to_contact(client, settings):
    settings.SUPPORT_EMAIL = "help@jtai.example.gov.uk"
    page = client.get(reverse("login")).text
    assert f'href="{reverse("password_reset")}">Forgotten your password?' in page
    assert "contact the lead inspector named in the emails about your inspection" in page
    assert "mailto:help@jtai.example.gov.uk" in page


def test_either_the_user_name_or_the_email_address_signs_in(client):
    UserFactory(username="dcs", email="Jo.Bloggs@northshire.example.org")
    assert 'for="id_username">User name or email address<' in client.get(reverse("login")).text
    assert sign_in(client, "jo.bloggs@northshire.example.org", "correct horse battery staple").status_code == 302
    client.logout()
    assert sign_in(client, "dcs", "correct horse battery staple").status_code == 302


def test_an_email_address_shared_by_two_accounts_signs_neither_in(client):
    UserFactory(username="dcs", email="shared@northshire.example.org")
    UserFactory(username="coordinator", email="shared@northshire.example.org")
    response = sign_in(client, "shared@northshire.example.org", "correct horse battery staple")
    assert response.status_code == 200
    assert "The user name or password is not right" in response.text
