"""One deadline, one date: the factual-accuracy response due by the end of Monday 8 February 2016
reads "Monday 8 February 2016" in the e-mails, on the inspection page, on the letter page and on
the factual-accuracy page; never the Tuesday at whose midnight it ends."""

from html import unescape

import pytest
from django.utils.html import strip_tags

from inspections.notifications.emails import render as render_email
from inspections.notifications.models import MessageKind
from inspections.reports import letters

DUE = "Monday 8 February 2016"
MIDNIGHT_AFTER = "Tuesday 9 February 2016"


@pytest.fixture
def sent(clock, written, lead, local):
    # Sent on Monday 1 February 2016: five working days later is Monday 8 February.
    letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    return written


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(strip_tags(response.content.decode())).split())


def test_the_draft_letter_email_and_the_reminder_give_the_day(sent):
    for kind in (MessageKind.DRAFT_LETTER_SENT, MessageKind.FACTUAL_ACCURACY_REMINDER):
        email = render_email(sent.messages.filter(kind=kind).first())
        assert DUE in email.subject
        assert DUE in email.body and MIDNIGHT_AFTER not in email.body


def test_the_letter_page_gives_the_same_day(client, sent, local):
    client.force_login(local.coordinator)
    page = text(client.get(f"/inspections/{sent.reference}/letter/"))
    assert DUE in page
    assert MIDNIGHT_AFTER not in page


def test_the_factual_accuracy_page_gives_the_same_day(client, sent, local):
    client.force_login(local.coordinator)
    page = text(client.get(f"/inspections/{sent.reference}/letter/factual-accuracy/"))
    assert f"due by the end of {DUE}" in page
    assert MIDNIGHT_AFTER not in page


def test_the_inspection_page_gives_the_same_day(client, sent, local):
    client.force_login(local.coordinator)
    page = text(client.get(f"/inspections/{sent.reference}/"))
    assert DUE in page
    assert MIDNIGHT_AFTER not in page
