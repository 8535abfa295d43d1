"""The messages around the area's acts on the letter, read as raw bytes with each link followed
as its reader: the lead is told when the factual-accuracy response comes in; at publication the DCS
and coordinator are told what is due, by when and where (the statement's own messages are tested
with it, in tests/inspections/areas)."""

import datetime

import pytest
from django.core import mail

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders
from inspections.templatetags.jtai_format import govuk_date
from tests.helpers import london
from tests.inspections.areas.conftest import statement_sent
from tests.sent_mail import (
    as_sent,
    assert_links_work,
    message_row,
    text_and_html,
    to,
)

pytestmark = pytest.mark.django_db
K = MessageKind


def sent_of(kind) -> dict:
    notifications_dispatch()
    return {to(m): m for m in mail.outbox if message_row(m).kind == kind}


@pytest.fixture
def responded(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    mail.outbox.clear()
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    return written


@pytest.fixture
def published(responded, lead):
    letter = fa.letter_finalise(user=lead, inspection=responded, publication_date=datetime.date(2016, 3, 1))
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=responded)
    responded.refresh_from_db()
    return responded


def test_the_lead_is_told_when_the_factual_accuracy_response_is_submitted(responded):
    told = sent_of(K.FACTUAL_ACCURACY_SUBMITTED)
    assert list(told) == ["lead@ofsted.example.org"]
    sent = told["lead@ofsted.example.org"]
    assert sent.subject == f"{responded.reference}: the partnership has submitted its factual-accuracy response"
    text, html = text_and_html(as_sent(sent))
    url = f"http://localhost:8000/inspections/{responded.reference}/letter/"
    assert f"Read the response and decide each comment: {url}" in text and f'<a href="{url}"' in html
    assert assert_links_work([sent]) == 1


def test_at_publication_the_dcs_and_coordinator_are_told_what_is_due_by_when_and_where(published):
    told = sent_of(K.ACTION_PLAN_DUE)
    assert sorted(told) == ["coordinator@northshire.example.org", "dcs@northshire.example.org"]
    due = govuk_date(published.letter.action_plan_due)
    url = f"http://localhost:8000/inspections/{published.reference}/letter/written-statement-of-action/"
    for sent in told.values():
        assert sent.subject == f"{published.reference}: written statement of action due {due}"
        text, html = text_and_html(as_sent(sent))
        assert f"It is due by {due}." in text
        assert f"Sign in to see the inspection: {url}" in text and f'<a href="{url}"' in html
        assert "Your contact for this inspection is " in text
    assert assert_links_work(told.values()) == 2


def test_the_inspection_page_lists_the_written_statement_of_action_with_its_page_until_it_is_sent(
    client, published, local, clock
):
    page_url = f"/inspections/{published.reference}/"
    upload = f"/inspections/{published.reference}/letter/written-statement-of-action/"
    due = published.letter.action_plan_due
    client.force_login(local.coordinator)
    page = client.get(page_url).content.decode()
    assert f'<a class="govuk-link" href="{upload}">Send the written statement of action</a>' in page
    assert f"{govuk_date(due)}, by the end of the day" in page
    # The agency leaders do not send it.
    client.force_login(local.police)
    assert "Send the written statement of action" not in client.get(page_url).content.decode()

    # Sent late: gone from the list, and its page no longer says it is overdue.
    clock.move_to(london(due.year, due.month, due.day, 9) + datetime.timedelta(days=1))
    client.force_login(local.coordinator)
    assert "Overdue" in client.get(upload).content.decode()
    statement_sent(published, local.coordinator, due_on=due)
    assert "Send the written statement of action" not in client.get(page_url).content.decode()
    assert "Overdue" not in client.get(upload).content.decode()
