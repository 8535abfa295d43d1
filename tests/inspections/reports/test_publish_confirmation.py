"""Making the final letter and publishing it ask for confirmation on a page that says when the
letter will publish: the planned day kept by a blank date, what happens once that day has passed,
and publishing now instead of on the day."""

import datetime

import pytest

from inspections.calendar import govuk_date
from inspections.models import MilestoneKey
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, renders
from inspections.reports.models import LetterStatus


@pytest.fixture
def responded(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    written.refresh_from_db()
    return written


def _planned(inspection) -> datetime.date:
    return inspection.milestone(MilestoneKey.PUBLICATION_DUE).date


def test_the_final_letter_page_says_a_blank_date_keeps_the_planned_day_and_it_does(client, responded, lead, clock):
    url = f"/inspections/{responded.reference}/letter/final/"
    client.force_login(lead)
    page = client.get(url).content.decode()
    planned = _planned(responded)
    assert f"If you leave the date blank, the letter is published on the planned date, {govuk_date(planned)}." in page
    # Nothing is made by showing the page: it waits for the confirmation.
    responded.letter.refresh_from_db()
    assert responded.letter.status == LetterStatus.RESPONDED

    response = client.post(url, {"publication_date_0": "", "publication_date_1": "", "publication_date_2": ""})
    assert response.status_code == 302
    responded.letter.refresh_from_db()
    assert responded.letter.status == LetterStatus.FINAL
    assert responded.letter.publication_date == planned
    letter_page = client.get(f"/inspections/{responded.reference}/letter/").content.decode()
    assert f"It will be published on {govuk_date(planned)}." in letter_page


def test_once_the_planned_day_has_passed_the_page_says_a_blank_date_waits_for_publishing(
    client, responded, lead, clock
):
    planned = _planned(responded)
    clock.move_to(datetime.datetime.combine(planned + datetime.timedelta(days=1), datetime.time(9)))
    url = f"/inspections/{responded.reference}/letter/final/"
    client.force_login(lead)
    page = client.get(url).content.decode()
    assert f"The planned publication date, {govuk_date(planned)}, has passed." in page
    assert "the final letter is not published by itself" in page

    client.post(url, {"publication_date_0": "", "publication_date_1": "", "publication_date_2": ""})
    responded.letter.refresh_from_db()
    assert responded.letter.status == LetterStatus.FINAL and responded.letter.publication_date is None
    letter_page = client.get(f"/inspections/{responded.reference}/letter/").content.decode()
    assert "No date: it is published when the lead inspector or a manager publishes it now" in letter_page


def test_a_publication_date_in_the_past_is_an_error_on_its_field_keeping_what_was_typed(client, responded, lead):
    client.force_login(lead)
    data = {"publication_date_0": "1", "publication_date_1": "1", "publication_date_2": "2016"}
    response = client.post(f"/inspections/{responded.reference}/letter/final/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Make the final letter" in page
    assert '<a href="#id_publication_date_0">The publication date cannot be in the past.</a>' in page
    # The boxes keep what was typed.
    assert 'value="2016"' in page
    responded.letter.refresh_from_db()
    assert responded.letter.status == LetterStatus.RESPONDED


def test_publishing_now_is_confirmed_on_a_page_saying_today_instead_of_the_publication_date(
    client, responded, lead, clock
):
    letter = fa.letter_finalise(user=lead, inspection=responded, publication_date=datetime.date(2016, 3, 1))
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    url = f"/inspections/{responded.reference}/letter/publish/"
    client.force_login(lead)
    page = client.get(url).content.decode()
    assert "Publish the letter now?" in page
    assert (
        "The final letter becomes public at once, today, Monday 1 February 2016, instead of on its publication "
        "date, Tuesday 1 March 2016." in page
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FINAL

    assert client.post(url).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED


def test_publishing_before_the_final_pdf_is_made_is_an_error_on_the_confirmation_page(client, responded, lead):
    fa.letter_finalise(user=lead, inspection=responded, publication_date=datetime.date(2016, 3, 1))
    client.force_login(lead)
    response = client.post(f"/inspections/{responded.reference}/letter/publish/")
    page = response.content.decode()
    assert response.status_code == 400
    assert f"<title>Error: Publish the letter of {responded.reference} now" in page
    assert (
        '<a href="#publish">The final letter&#x27;s PDF is still being made: publish it when it is ready.</a>' in page
    )
    responded.letter.refresh_from_db()
    assert responded.letter.status == LetterStatus.FINAL
