"""The draft letter's e-mail as its readers get it: raw bytes parsed, each link followed as its
reader (signed in, or without an account), to everyone who must act on the draft."""

import pytest
from django.core import mail

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from inspections.reports import letters
from tests.factories import UserFactory
from tests.sent_mail import (
    as_sent,
    assert_links_work,
    message_row,
    text_and_html,
    to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_sent(people, written, lead):
    """The DCS and the police leader sign in; the coordinator and the health leader have no account yet."""
    for name, person in (("dcs", people.dcs), ("police", people.police)):
        person.user = UserFactory(username=f"local-{name}", email=person.email)
        person.save()
    letters.letter_send_draft(user=lead, inspection=written)
    mail.outbox.clear()
    notifications_dispatch()
    return {to(m): m for m in mail.outbox if message_row(m).kind == MessageKind.DRAFT_LETTER_SENT}


def test_the_draft_goes_to_the_dcs_the_coordinator_and_every_agency_leader_who_comments(draft_sent):
    assert sorted(draft_sent) == [
        "ceo@nhs.example.org",
        "chief@police.example.org",
        "coordinator@northshire.example.org",
        "dcs@northshire.example.org",
    ]
    police = draft_sent["chief@police.example.org"].body
    assert "As a senior leader of Northshire Police, you can add your agency's comments on the draft" in police
    assert "The DCS coordinator, Cora Coordinator, then submits one response for the partnership, by Monday 8 " in (
        police
    )


def test_the_draft_letter_email_has_a_real_link_and_names_the_lead(draft_sent, written):
    for address, sent in draft_sent.items():
        text, html = text_and_html(as_sent(sent))
        assert "Link(" not in text and "Link(" not in html, address
        assert "Your contact for this inspection is " in text and "the lead inspector: lead@ofsted.example.org" in text
    dcs_text, dcs_html = text_and_html(as_sent(draft_sent["dcs@northshire.example.org"]))
    url = f"http://localhost:8000/inspections/{written.reference}/letter/"
    assert f"Sign in to see the inspection: {url}" in dcs_text
    assert f'<a href="{url}"' in dcs_html


def test_each_reader_of_the_draft_letter_email_reaches_a_page_to_act_on(draft_sent):
    # Those without an account get their own single-use link, not the sign-in form.
    for address in ("coordinator@northshire.example.org", "ceo@nhs.example.org"):
        assert "Set up your account and see the inspection: http://localhost:8000/inspections/invitations/" in (
            draft_sent[address].body
        )
    assert assert_links_work(draft_sent.values()) == 4
