"""Publication: nothing of a letter is public before it, everything after; the beat publishes on
the day; then the written statement of action is due (the areas app's tests follow it further),
and overdue until it is sent."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import MilestoneKey, Stage, StageChange
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders, selectors
from inspections.reports.models import LetterStatus, VersionPurpose
from jtai.errors import DomainError
from tests.helpers import london
from tests.inspections.areas.conftest import statement_sent


@pytest.fixture
def final(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    letter = fa.letter_finalise(user=lead, inspection=written, publication_date=datetime.date(2016, 3, 1))
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    written.refresh_from_db()
    return written


PUBLIC = ["/published/", "/published/{ref}/", "/published/{ref}/letter.pdf"]


def test_nothing_is_public_before_publication_not_even_that_a_letter_exists(client, final):
    ref = final.reference
    assert final.letter.status == LetterStatus.FINAL
    index = client.get("/published/")
    assert index.status_code == 200 and ref not in index.content.decode() and "Northshire" not in index.content.decode()
    assert client.get(f"/published/{ref}/").status_code == 404
    assert client.get(f"/published/{ref}/letter.pdf").status_code == 404
    # The same answer as for a reference that never existed.
    assert client.get("/published/JTAI-NEVER/").status_code == 404


def test_an_inspection_moved_to_published_whose_letter_is_not_is_still_not_public(client, final, lead):
    """The stage alone does not publish a letter: should the stage be moved on by a service while
    the final letter waits for its day (the stage buttons refuse to), the letter stays out of
    the public pages."""
    from inspections.services import inspection_transition

    inspection_transition(user=lead, inspection=final, name="publish")
    final.refresh_from_db()
    assert final.stage == Stage.PUBLISHED and final.letter.status == LetterStatus.FINAL
    index = client.get("/published/").content.decode()
    assert final.reference not in index and "Northshire" not in index
    assert client.get(f"/published/{final.reference}/").status_code == 404
    assert client.get(f"/published/{final.reference}/letter.pdf").status_code == 404


def test_publishing_puts_the_letter_and_its_pdf_at_a_public_address(client, final, lead):
    publication.letter_publish(user=lead, inspection=final)
    final.refresh_from_db()
    assert final.stage == Stage.PUBLISHED
    index = client.get("/published/").content.decode()
    assert "Northshire" in index and "Joint targeted area inspection" in index
    page = client.get(f"/published/{final.reference}/").content.decode()
    assert "Areas for priority action" in page and "1." in page
    pdf = client.get(f"/published/{final.reference}/letter.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # The draft versions stay private.
    assert final.letter.versions.filter(purpose=VersionPurpose.DRAFT).exists()


def test_a_letter_whose_final_pdf_is_not_ready_waits(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    fa.letter_finalise(user=lead, inspection=written)
    with pytest.raises(DomainError, match="still being made"):
        publication.letter_publish(user=lead, inspection=written)


def test_only_the_lead_or_a_manager_publishes(final, local, ofsted_inspector):
    for user in (local.coordinator, ofsted_inspector.user):
        with pytest.raises(PermissionDenied):
            publication.letter_publish(user=user, inspection=final)


def test_the_beat_publishes_on_the_publication_date_once(final, clock):
    assert publication.letters_publish_due() == 0
    clock.move_to(london(2016, 3, 1, 0, 5))
    assert publication.letters_publish_due() == 1
    assert publication.letters_publish_due() == 0
    final.refresh_from_db()
    assert final.stage == Stage.PUBLISHED
    change = StageChange.objects.filter(inspection=final, to_stage=Stage.PUBLISHED).get()
    assert change.by is None


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_the_written_statement_of_action_is_due_from_publication_everywhere_and_not_overdue_once_sent(
    client, final, lead, local, clock
):
    planned = final.milestones.get(key=MilestoneKey.ACTION_PLAN_DUE).date
    # The final letter, to be published on 1 March 2016, and the pages give the same due date.
    assert planned == selectors.action_plan_due(final, final.letter) == datetime.date(2016, 6, 13)
    # Published months after the planned date: the statement is due 70 working days from today.
    clock.move_to(london(2016, 12, 1, 10))
    assert planned < datetime.date(2016, 12, 1)
    publication.letter_publish(user=lead, inspection=final)
    final.letter.refresh_from_db()
    stored = final.milestones.get(key=MilestoneKey.ACTION_PLAN_DUE)
    assert stored.date == final.letter.action_plan_due == datetime.date(2017, 3, 14)
    # The DCS still starts on the inspection's page: the area has something to send.
    client.force_login(local.dcs)
    assert client.get("/")["Location"] == f"/inspections/{final.reference}/"
    assert final.reference in client.get("/inspections/").content.decode()
    assert final.reference not in client.get("/inspections/?show=past").content.decode()
    client.force_login(lead)
    past = client.get("/inspections/?show=past").content.decode()
    assert "Tuesday 14 March 2017" in past and "data-overdue" not in past
    # A day after it was due, it is overdue until the area sends it; then no page says so.
    clock.move_to(london(2017, 3, 15, 9))
    client.force_login(lead)
    assert "data-overdue" in client.get("/inspections/?show=past").content.decode()
    statement_sent(final, local.coordinator, due_on=datetime.date(2017, 3, 1))
    assert "data-overdue" not in client.get("/inspections/?show=past").content.decode()
    client.force_login(local.dcs)
    assert client.get("/")["Location"] != f"/inspections/{final.reference}/"
    assert final.reference not in client.get("/inspections/").content.decode()
    assert final.reference in client.get("/inspections/?show=past").content.decode()


def test_a_letter_still_with_the_area_cannot_be_published(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    with pytest.raises(DomainError, match="Only a final letter, with every comment decided, can be published."):
        publication.letter_publish(user=lead, inspection=written)
    written.refresh_from_db()
    assert (written.stage, written.letter.status) == (Stage.FACTUAL_ACCURACY, LetterStatus.WITH_AREA)


def test_a_team_member_who_is_not_the_lead_cannot_publish(final, ofsted_inspector):
    final.team.create(inspector=ofsted_inspector)
    with pytest.raises(PermissionDenied, match="Only the lead inspector or a manager can publish."):
        publication.letter_publish(user=ofsted_inspector.user, inspection=final)
    final.refresh_from_db()
    assert final.letter.status == LetterStatus.FINAL
