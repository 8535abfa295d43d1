"""The written statement of action, tied to the letter's recommendations: what is missing is shown
before it is sent and stops the sending; only the DCS or the coordinator writes it; the lead
inspector or a manager reviews it; once accepted it cannot change and its history stays."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from inspections.areas import statements
from inspections.areas.statement_models import StatementAction, StatementStatus, WrittenStatement
from inspections.models import AgencyKind, MilestoneKey
from inspections.reports.selectors import recommendations_of
from jtai.errors import DomainError
from tests.helpers import agency, london
from tests.inspections import factories
from tests.inspections.areas.conftest import complete_statement

pytestmark = pytest.mark.django_db


def url(inspection, tail=""):
    return f"/inspections/{inspection.reference}/letter/written-statement-of-action/{tail}"


def add_action(inspection, user, recommendation, *, due_on=None, text="An action", agencies=None):
    return statements.statement_action_save(
        user=user,
        inspection=inspection,
        recommendation=recommendation,
        text=text,
        agencies=agencies or [agency(inspection, AgencyKind.POLICE)],
        due_on=due_on,
    )


def test_the_page_shows_what_is_missing_and_sending_is_refused_until_nothing_is(client, published, local):
    joint, police, health = recommendations_of(published)  # priority 1, priority 2, development 1
    client.force_login(local.coordinator)
    page = client.get(url(published)).text
    assert "Area for priority action 1 has no action: add at least one" in page
    assert "Area for priority action 2 has no action" in page and "Area for development 1 has no action" in page

    # A priority action without a date, one dated after the statement is due; a development
    # action needs no date.
    undated = add_action(published, local.coordinator, joint)
    late = add_action(published, local.coordinator, police, due_on=datetime.date(2016, 9, 1))
    add_action(published, local.coordinator, health, agencies=[agency(published, AgencyKind.HEALTH)])
    refused = client.post(url(published, "send/"))
    assert refused.status_code == 400 and "<title>Error: " in refused.text
    undated_gap = "Area for priority action 1, action 1 needs the date it will be done by"
    assert f'<a href="#action-{undated.pk}">{undated_gap}</a>' in refused.text
    assert (
        f'<a href="#action-{late.pk}">Area for priority action 2, action 1 must be done between Monday 1 February '
        "2016 and Thursday 12 May 2016, not on Thursday 1 September 2016</a>" in refused.text
    )
    assert "Area for development 1" not in refused.text.split("What is still missing")[0]
    statement = WrittenStatement.objects.get(inspection=published)
    assert statement.status == StatementStatus.DRAFT and statement.sent_at is None
    assert published.milestones.get(key=MilestoneKey.ACTION_PLAN_DUE).met_at is None

    add_action(published, local.coordinator, joint, due_on=datetime.date(2016, 4, 1))
    statements.statement_action_delete(user=local.coordinator, inspection=published, action=undated)
    statements.statement_action_save(
        user=local.coordinator,
        inspection=published,
        recommendation=police,
        action=late,
        text="Disruption team in place",
        agencies=[agency(published, AgencyKind.POLICE)],
        due_on=datetime.date(2016, 5, 12),
    )
    assert "Nothing: every recommendation has an action" in client.get(url(published)).text
    sent = client.post(url(published, "send/"))
    assert sent.status_code == 302 and sent["Location"] == f"/inspections/{published.reference}/"
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SENT and not statement.is_late
    assert published.milestones.get(key=MilestoneKey.ACTION_PLAN_DUE).met_at is not None


def test_an_action_is_refused_without_words_or_an_owner_or_with_an_agency_outside_the_inspection(
    client, published, local
):
    joint = recommendations_of(published)[0]
    client.force_login(local.dcs)
    page = client.post(url(published, f"recommendations/{joint.pk}/actions/add/"), {"text": "", "due_on_0": "1"})
    assert page.status_code == 400
    assert "Enter what will be done" in page.text and "Choose the agency or agencies that own the action" in page.text
    assert "To be done by must include a month" in page.text
    elsewhere = factories.AgencyFactory(name="Southshire Police", kind=AgencyKind.POLICE)
    with pytest.raises(DomainError, match="Southshire Police does not take part in this inspection"):
        add_action(published, local.dcs, joint, agencies=[elsewhere])
    assert not StatementAction.objects.filter(statement__inspection=published).exists()


def test_only_the_dcs_or_the_coordinator_writes_it_partners_read_it_everyone_else_gets_a_404(
    client, published, written, lead, local, people
):
    joint = recommendations_of(published)[0]
    add_action(published, local.dcs, joint, due_on=datetime.date(2016, 4, 1), text="Return-home team")
    add = url(published, f"recommendations/{joint.pk}/actions/add/")
    for reader in (local.police, local.health, lead):
        client.force_login(reader)
        page = client.get(url(published))
        assert page.status_code == 200 and "Return-home team" in page.text
        assert "Add an action" not in page.text and "Send the statement" not in page.text
        assert client.get(add).status_code == 403
        assert client.post(url(published, "send/")).status_code == 403
        with pytest.raises(PermissionDenied):
            add_action(published, reader, joint)
    outsider = factories.InspectorFactory().user
    client.force_login(outsider)
    assert client.get(url(published)).status_code == 404 and client.get(add).status_code == 404
    client.logout()
    assert client.get(url(published)).status_code == 302


def test_nothing_of_the_statement_exists_before_the_letter_is_published(client, written, lead, local):
    client.force_login(local.dcs)
    assert client.get(url(written)).status_code == 404
    assert 'id="written-statement"' not in client.get(f"/inspections/{written.reference}/").text
    with pytest.raises(DomainError, match="once the letter is published"):
        add_action(written, local.dcs, recommendations_of(written)[0])


def test_sent_late_it_is_flagged_late_and_no_page_calls_it_overdue_once_sent(client, published, local, lead, clock):
    clock.move_to(london(2016, 5, 16, 9))
    client.force_login(local.coordinator)
    assert "Overdue" in client.get(url(published)).text
    complete_statement(published, local.coordinator, due_on=datetime.date(2016, 5, 12))
    statement = statements.statement_send(user=local.coordinator, inspection=published)
    assert statement.is_late
    page = client.get(url(published)).text
    assert "Overdue" not in page and "Monday 16 May 2016 (late)" in page
    client.force_login(lead)
    assert "has not sent it" not in client.get(f"/inspections/{published.reference}/letter/").text


def test_a_document_may_be_attached_checked_by_its_content_and_removed_before_sending(
    client, published, local, private_media, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inspections.reports.test_publication import docx

    client.force_login(local.coordinator)
    fake = SimpleUploadedFile("plan.pdf", b"not a PDF at all", content_type="application/pdf")
    refused = client.post(url(published, "documents/"), {"document": fake})
    assert refused.status_code == 400 and "The selected file must be a PDF, DOCX or ODT document" in refused.text
    sent = client.post(url(published, "documents/"), {"document": SimpleUploadedFile("plan.docx", docx())})
    assert sent.status_code == 302
    attachment = WrittenStatement.objects.get(inspection=published).attachments.get()
    client.force_login(local.police)
    got = client.get(url(published, f"documents/{attachment.pk}/"))
    assert got.status_code == 200 and b"".join(got.streaming_content) == docx()
    assert client.post(url(published, f"documents/{attachment.pk}/remove/")).status_code == 403
    assert WrittenStatement.objects.get(inspection=published).attachments.exists()
    client.force_login(local.coordinator)
    stored = private_media / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(published, f"documents/{attachment.pk}/remove/")).status_code == 302
    assert not WrittenStatement.objects.get(inspection=published).attachments.exists()
    assert not stored.exists()


def test_the_dcs_and_coordinator_are_asked_for_it_until_it_is_sent_and_again_when_changes_are_asked_for(
    client, published, local, lead
):
    detail = f"/inspections/{published.reference}/"
    link = f'<a class="govuk-link" href="{url(published)}">Send the written statement of action</a>'
    for user in (local.dcs, local.coordinator):
        client.force_login(user)
        assert link in client.get(detail).text
    client.force_login(local.police)
    assert "Send the written statement of action" not in client.get(detail).text
    complete_statement(published, local.dcs)
    statements.statement_send(user=local.dcs, inspection=published)
    client.force_login(local.coordinator)
    assert "Send the written statement of action" not in client.get(detail).text
    statements.statement_review(user=lead, inspection=published, decision="changes_requested", reasons="Sooner")
    assert "Change the written statement of action as the inspectorates ask" in client.get(detail).text


def test_the_statement_page_reads_in_a_fixed_number_of_queries(client, published, local, django_assert_num_queries):
    client.force_login(local.coordinator)
    complete_statement(published, local.coordinator)
    with django_assert_num_queries(19) as small:
        client.get(url(published))
    for _ in range(3):
        complete_statement(published, local.coordinator)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url(published))
