"""Browser journeys of the letter of findings, each page checked with axe-core: the DCS
coordinator reading the draft and submitting the partnership's response; a member of the
public opening a published letter."""

import datetime

import pytest
import time_machine

from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders
from tests.browser.pages import SignInPage
from tests.browser.reports_pages import LetterPage, PublishedPage
from tests.browser.test_accessibility import serious_violations
from tests.factories import UserFactory
from tests.helpers import area_with_people, london, plan_inspection, to_reporting, write_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def draft_with_the_area():
    """An inspection whose draft went to the area, set up in 2016; the journey runs today."""
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        people = area_with_people()
        people.coordinator.user = UserFactory(username="coordinator", first_name="Cora", last_name="Coordinator")
        people.coordinator.save()
        inspection = to_reporting(plan_inspection(people=people))
        lead = inspection.team.get(is_lead=True).inspector.user
        write_letter(inspection, lead)
        letters.letter_send_draft(user=lead, inspection=inspection)
        for version in inspection.letter.versions.all():
            renders.letter_version_render(version_id=version.pk)
    return inspection, lead


def test_the_coordinator_reads_the_draft_and_submits_the_response(live_server, page):
    inspection, _ = draft_with_the_area()
    SignInPage(page, live_server.url).open().sign_in("coordinator", PASSWORD)
    letter = LetterPage(page, live_server.url).open(inspection.reference)
    assert letter.status().startswith("Draft with the area")
    assert serious_violations(page) == []

    draft = letter.read_the_draft()
    assert draft.paragraph(1).startswith("1.")
    assert page.get_by_role("heading", name="Areas for priority action").is_visible()
    assert serious_violations(page) == []

    comments = draft.back().factual_accuracy()
    assert serious_violations(page) == []
    comments.add_comment(paragraph="", comment="")
    assert comments.error_summary() == ["Enter the paragraph number", "Enter your comment"]
    assert page.title().startswith("Error: ")
    assert serious_violations(page) == []
    comments.add_comment(paragraph=2, comment="The date is wrong.", correction="Say 7 March.")
    assert "The date is wrong." in comments.comments()[0]
    comments.submit_response(confirm=False)
    assert comments.error_summary() == ["Confirm that this is the partnership's single response"]
    comments.submit_response()
    assert "The partnership's response was submitted" in comments.response()
    # Submitted long after its 2016 deadline: marked late, and the form to submit is gone.
    assert "Late" in comments.response()
    assert page.get_by_role("button", name="Submit the response").count() == 0
    assert serious_violations(page) == []


def test_a_member_of_the_public_opens_a_published_letter(live_server, page):
    inspection, lead = draft_with_the_area()
    with time_machine.travel(london(2016, 2, 10, 9, 0), tick=False):
        coordinator = inspection.contacts.get(role="dcs_coordinator").person.user
        fa.factual_accuracy_respond(user=coordinator, inspection=inspection)
        letter = fa.letter_finalise(user=lead, inspection=inspection, publication_date=datetime.date(2016, 3, 1))
        for version in letter.versions.filter(purpose="final"):
            renders.letter_version_render(version_id=version.pk)
        publication.letter_publish(user=lead, inspection=inspection)

    published = PublishedPage(page, live_server.url).open()
    assert published.heading == "Published letters and thematic reports"
    assert serious_violations(page) == []
    letter_page = published.open_letter("Northshire")
    assert "Northshire" in letter_page.heading
    assert page.get_by_role("heading", name="Areas for development").is_visible()
    assert serious_violations(page) == []
    href = letter_page.pdf_link().get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_the_lead_asks_for_a_pdf_and_watches_the_job_until_it_is_ready(live_server, page):
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        people = area_with_people()
        inspection = to_reporting(plan_inspection(people=people))
        lead = inspection.team.get(is_lead=True).inspector.user
        write_letter(inspection, lead)
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    LetterPage(page, live_server.url).open(inspection.reference)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Make a PDF of the letter as it stands").click()
    assert page.locator("#job-state").inner_text().startswith("Waiting for a worker")
    assert serious_violations(page) == []
    # The worker makes it; the page notices by itself.
    renders.letter_version_render(version_id=inspection.letter.versions.get().pk)
    page.get_by_role("link", name="Download version 1").wait_for(timeout=15_000)
    assert serious_violations(page) == []
