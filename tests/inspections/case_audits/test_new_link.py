"""A way in for the area's people without an account: their own single-use link in the message
that tells them, and a new one asked for from the page an expired link opens. E-mails are read
as raw bytes and their links followed with no session."""

import pytest
from django.core import mail
from django.urls import reverse

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageKind
from inspections.notifications.services import message_queue
from tests.helpers import london
from tests.inspections import factories
from tests.sent_mail import as_sent, assert_links_work, text_and_html

from .conftest import invitation_token

pytestmark = pytest.mark.django_db
K = MessageKind
AREA = (
    "dcs@northshire.example.org",
    "coordinator@northshire.example.org",
    "chief@police.example.org",
    "ceo@nhs.example.org",
    "chair@lscb.example.org",
)
EXPIRED = london(2016, 3, 9, 9, 0)


def test_everyone_told_without_an_account_gets_their_own_link_in_that_message(notified):
    told = {m.to[0].rsplit("<", 1)[-1].rstrip(">"): m for m in mail.outbox if "notification of" in m.subject}
    assert set(told) == set(AREA)
    tokens = set()
    for address, sent in told.items():
        text, html = text_and_html(as_sent(sent))
        assert "Set up your account and see the inspection: http://localhost:8000/inspections/invitations/" in text
        assert ">Set up your account and see the inspection</a>" in html
        tokens.add(invitation_token(address))
    assert len(tokens) == len(AREA)  # each their own
    assert assert_links_work(told.values()) == len(AREA)


def test_a_contributors_invitation_says_how_to_get_a_new_link_and_opens_the_password_page(notified):
    person = factories.PersonFactory(area=notified.area, email="new@x.org", name="New Person")
    message_queue(
        inspection=notified,
        kind=K.ACCOUNT_INVITATION,
        key=f"account_invitation:person:{person.pk}",
        recipient_name=person.name,
        recipient_email=person.email,
    )
    mail.outbox.clear()
    notifications_dispatch()
    (sent,) = mail.outbox
    text, _ = text_and_html(as_sent(sent))
    assert "no other way to register" not in text
    assert "If the link has expired, open it and ask for a new one: it comes to this address." in text
    assert assert_links_work([sent]) == 1


def ask(client, token, email):
    return client.post(reverse("case_audits:invitation_new_link", args=[token]), {"email": email})


def renewals():
    return list(Message.objects.filter(kind=K.ACCOUNT_INVITATION).values_list("recipient_email", flat=True))


def test_an_expired_link_opens_a_page_to_ask_for_a_new_one_sent_only_to_the_recorded_address(client, notified, clock):
    token = invitation_token("chief@police.example.org")
    clock.move_to(EXPIRED)
    page = client.get(reverse("case_audits:invitation", args=[token]))
    assert page.status_code == 410 and "Send me a new link" in page.content.decode()

    stranger = ask(client, token, "someone@else.example.org")
    assert stranger.status_code == 200
    assert renewals() == []
    known = ask(client, token, " Chief@Police.example.org ")
    assert known.status_code == 200
    # The same answer whether or not the address is the one recorded.
    assert stranger.content.decode().replace("someone@else.example.org", "ADDRESS") == (
        known.content.decode().replace("Chief@Police.example.org", "ADDRESS")
    )
    assert renewals() == ["chief@police.example.org"]

    mail.outbox.clear()
    notifications_dispatch()
    (sent,) = mail.outbox
    text, _ = text_and_html(as_sent(sent))
    assert "Here is the new link you asked for, to set up your account for inspection" in text
    assert invitation_token("chief@police.example.org") != token
    assert assert_links_work([sent]) == 1


def test_asking_for_new_links_is_rate_limited(client, notified, clock, settings):
    settings.INVITATION_NEW_LINK_RATE_PER_LINK = "2/h"
    token = invitation_token("chief@police.example.org")
    clock.move_to(EXPIRED)
    for _ in range(2):
        assert ask(client, token, "someone@else.example.org").status_code == 200
    refused = ask(client, token, "chief@police.example.org")
    assert refused.status_code == 429
    assert "You have asked for too many new links" in refused.content.decode()
    assert renewals() == []


def test_a_link_still_open_or_already_used_gets_no_new_one(client, notified, clock):
    token = invitation_token("chief@police.example.org")
    assert ask(client, token, "chief@police.example.org").status_code == 302
    assert renewals() == []
