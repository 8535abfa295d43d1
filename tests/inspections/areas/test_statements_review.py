"""The review of a written statement of action: the lead inspector (or a manager) accepts it or asks
for changes with reasons; the DCS and the coordinator are told each time, by an e-mail read here as
raw bytes whose link opens the statement for them; accepted, it is read-only and its history stays."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from inspections.areas import statements
from inspections.areas.statement_models import StatementStatus, WrittenStatement
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from inspections.reports.selectors import recommendations_of
from jtai.errors import DomainError
from tests.inspections.areas.conftest import complete_statement
from tests.sent_mail import as_sent, assert_links_work, message_row, text_and_html, to

pytestmark = pytest.mark.django_db
K = MessageKind
AREA = ["coordinator@northshire.example.org", "dcs@northshire.example.org"]


def sent_of(kind) -> dict:
    notifications_dispatch()
    return {to(m): m for m in mail.outbox if message_row(m).kind == kind}


@pytest.fixture
def sent(published, local):
    complete_statement(published, local.coordinator)
    mail.outbox.clear()
    statements.statement_send(user=local.coordinator, inspection=published)
    return published


def page_url(inspection):
    return f"http://localhost:8000/inspections/{inspection.reference}/letter/written-statement-of-action/"


def test_at_publication_the_area_is_told_what_the_statement_holds_and_its_link_opens_it(published):
    told = sent_of(K.ACTION_PLAN_DUE)
    assert sorted(told) == AREA
    for message in told.values():
        text, html = text_and_html(as_sent(message))
        assert "for each recommendation, the actions, the agencies that own them and the dates" in text
        assert f"Sign in to see the inspection: {page_url(published)}" in text
        assert f'<a href="{page_url(published)}"' in html
    assert assert_links_work(told.values()) == 2


def test_the_lead_is_told_when_it_arrives_with_a_link_to_review_it(sent):
    told = sent_of(K.ACTION_PLAN_RECEIVED)
    assert list(told) == ["lead@ofsted.example.org"]
    text, html = text_and_html(as_sent(told["lead@ofsted.example.org"]))
    assert f"Read the written statement of action and review it: {page_url(sent)}" in text
    assert assert_links_work(told.values()) == 1


def test_changes_asked_for_need_reasons_and_the_area_reads_them_in_its_e_mail(client, sent, lead, local):
    client.force_login(lead)
    review = f"/inspections/{sent.reference}/letter/written-statement-of-action/review/"
    refused = client.post(review, {"decision": "changes_requested", "reasons": "  "})
    assert refused.status_code == 400 and "Enter the changes the area must make, and why" in refused.text
    assert WrittenStatement.objects.get(inspection=sent).status == StatementStatus.SENT
    mail.outbox.clear()
    reasons = "Action 1 needs a named owner in the police, and a date before the summer."
    assert client.post(review, {"decision": "changes_requested", "reasons": reasons}).status_code == 302
    statement = WrittenStatement.objects.get(inspection=sent)
    assert statement.status == StatementStatus.CHANGES_REQUESTED

    told = sent_of(K.STATEMENT_CHANGES_REQUESTED)
    assert sorted(told) == AREA
    for message in told.values():
        assert message.subject == f"{sent.reference}: changes asked for in your written statement of action"
        text, html = text_and_html(as_sent(message))
        assert f"What to change, and why: {reasons}" in text and reasons in html
        assert f'<a href="{page_url(sent)}"' in html
    assert assert_links_work(told.values()) == 2

    # The area changes it and sends it again; the lead is told again.
    client.force_login(local.dcs)
    page = client.get(f"/inspections/{sent.reference}/letter/written-statement-of-action/").text
    assert reasons in page and "Add an action" in page
    mail.outbox.clear()
    statements.statement_send(user=local.dcs, inspection=sent)
    assert list(sent_of(K.ACTION_PLAN_RECEIVED)) == ["lead@ofsted.example.org"]


def test_accepted_it_is_read_only_the_area_is_told_and_its_history_stays(client, sent, lead, local, manager_user):
    with pytest.raises(PermissionDenied):
        statements.statement_review(user=local.dcs, inspection=sent, decision="accepted")
    mail.outbox.clear()
    statements.statement_review(user=manager_user, inspection=sent, decision="accepted")
    told = sent_of(K.STATEMENT_ACCEPTED)
    assert sorted(told) == AREA
    text, _ = text_and_html(as_sent(told["dcs@northshire.example.org"]))
    assert "have accepted the written statement of action" in text and "It can no longer be changed." in text
    assert assert_links_work(told.values()) == 2

    statement = WrittenStatement.objects.get(inspection=sent)
    action = statement.actions.first()
    with pytest.raises(DomainError, match="accepted: it cannot change"):
        statements.statement_action_delete(user=local.dcs, inspection=sent, action=action)
    with pytest.raises(DomainError, match="accepted: it cannot change"):
        statements.statement_action_save(
            user=local.dcs,
            inspection=sent,
            recommendation=recommendations_of(sent)[0],
            text="More",
            agencies=list(action.agencies.all()),
            due_on=datetime.date(2016, 4, 1),
        )
    with pytest.raises(DomainError, match="not yet reviewed"):
        statements.statement_review(user=lead, inspection=sent, decision="changes_requested", reasons="Late thought")
    client.force_login(local.dcs)
    page = client.get(f"/inspections/{sent.reference}/letter/written-statement-of-action/").text
    assert "Accepted" in page and "Add an action" not in page and "Send the statement" not in page
    assert client.post(f"/inspections/{sent.reference}/letter/written-statement-of-action/send/").status_code == 400

    # The history keeps each step, and the lead's audit trail shows them.
    assert [h.status for h in statement.history.order_by("history_date", "history_id")][-2:] == ["sent", "accepted"]
    client.force_login(lead)
    trail = client.get(f"/inspections/{sent.reference}/audit/", {"part": "Written statement of action"}).text
    assert "Status changed from Sent: waiting for review to Accepted" in trail
    assert "Review “Accept it”" in trail


def test_the_page_listing_the_areas_shows_a_statement_sent_until_it_is_reviewed(client, sent, lead, manager_user):
    client.force_login(manager_user)
    listed = client.get("/areas/", {"awaiting_statement": "on"}).text
    assert "Northshire" in listed and "Sent Monday 1 February 2016" in listed
    statements.statement_review(user=lead, inspection=sent, decision="changes_requested", reasons="Sooner")
    listed = client.get("/areas/", {"awaiting_statement": "on"}).text
    assert "Northshire" not in listed and "Sent Monday 1 February 2016" not in listed
