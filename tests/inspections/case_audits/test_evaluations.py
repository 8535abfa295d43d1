"""The evaluation page: every missing answer at once; the personal-data warning names the boxes
that set it off; "Save anyway" says what it saves; and the rule for an evaluation marked done
(it stays done unless someone takes it back to a draft on purpose, which is shown and recorded)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from inspections.audit import audit_trail
from inspections.case_audits.models import EvaluationStatus
from inspections.case_audits.selectors import scope_areas

from .helpers import full_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(sent, people):
    case = sent["request"].cases.get(reference="SG-001")
    url = reverse("case_audits:evaluation", args=[sent["inspection"].reference, case.pk, people.police.agency_id])
    return {**sent, "case": case, "url": url, "evaluation": case.evaluations.get(agency_id=people.police.agency_id)}


def posted(answers: dict, **extra) -> dict:
    return {f"{code}__{key}": text for code, given in answers.items() for key, text in given.items()} | extra


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S).group(0)
    return [(anchor, unescape(text)) for anchor, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)]


def test_marking_done_names_every_missing_answer_at_once(client, page):
    client.force_login(page["contributor"])
    response = client.post(page["url"], {"action": "done"})
    assert response.status_code == 400
    scopes = scope_areas()
    expected = [
        (f"id_{scope.code}__{key}", f"Enter {label}: {scope.name}")
        for scope in scopes
        for key, label in (
            ("what_happened", "what happened for the child"),
            ("impact", "the impact of the multi-agency work"),
        )
    ]
    assert summary_links(response.content.decode()) == expected
    page["evaluation"].refresh_from_db()
    assert page["evaluation"].status == EvaluationStatus.DRAFT


@pytest.mark.parametrize(
    ("action", "button"),
    [("draft", "Save anyway as a draft"), ("done", "Save anyway and mark as done")],
)
def test_the_personal_data_warning_links_the_boxes_that_set_it_off_and_says_what_save_anyway_does(
    client, page, action, button
):
    scopes = scope_areas()
    answers = full_answers(scopes)
    answers[scopes[1].code]["strengths"] = "Tom Jones, born 01/02/2009, was seen the same day."
    client.force_login(page["contributor"])
    response = client.post(page["url"], posted(answers, action=action))
    assert response.status_code == 200
    html = response.content.decode()
    warning = re.search(
        r'<div class="govuk-error-summary" data-module="govuk-error-summary" id="personal-data-warning">', html
    )
    assert warning, "the warning is an error summary, which takes the focus"
    assert "this box looks like it may include a child's name and date of birth" in unescape(html)
    assert summary_links(html) == [(f"id_{scopes[1].code}__strengths", f"{scopes[1].name}: strengths")]
    assert f">{button}</button>" in html
    page["evaluation"].refresh_from_db()
    assert page["evaluation"].answers == {}

    saved = client.post(page["url"], posted(answers, action=action, confirmed="on"))
    assert saved.status_code == 302
    page["evaluation"].refresh_from_db()
    assert page["evaluation"].status == (EvaluationStatus.DONE if action == "done" else EvaluationStatus.DRAFT)


def test_a_draft_sent_after_the_coordinator_marked_it_done_is_refused_and_names_them(client, page, clock):
    answers = full_answers(scope_areas())
    # The contributor opens the page; meanwhile the coordinator completes it and marks it done.
    client.force_login(page["coordinator"])
    assert client.post(page["url"], posted(answers, action="done")).status_code == 302
    client.force_login(page["contributor"])
    stale = client.post(page["url"], posted(full_answers(scope_areas(), "A second thought."), action="draft"))
    assert stale.status_code == 400
    html = unescape(stale.content.decode())
    assert "Cora Coordinator marked this evaluation done on Monday 22 February 2016 at 10am. Nothing is saved" in html
    # The page now shows the evaluation as done, with what each choice does, before either is made.
    assert ">Save and keep it done</button>" in html and ">Take it back to a draft</button>" in html
    assert "the coordinator cannot submit the joint return until it is marked done again" in html
    page["evaluation"].refresh_from_db()
    assert page["evaluation"].status == EvaluationStatus.DONE
    assert page["evaluation"].answers == answers


def test_taking_a_done_evaluation_back_to_a_draft_is_shown_and_in_the_audit_trail(client, page, lead):
    answers = full_answers(scope_areas())
    client.force_login(page["coordinator"])
    client.post(page["url"], posted(answers, action="done"))
    client.force_login(page["contributor"])
    response = client.post(page["url"], posted(answers, action="reopen"))
    assert response.status_code == 302
    page["evaluation"].refresh_from_db()
    assert page["evaluation"].status == EvaluationStatus.DRAFT

    # The coordinator sees who took it back, on the case's page and the evaluation's.
    client.force_login(page["coordinator"])
    case_page = client.get(response["Location"]).content.decode()
    assert "Taken back from done by Paula Price, Monday 22 February 2016 at 10am" in case_page
    assert "Taken back to a draft by Paula Price" in client.get(page["url"]).content.decode()
    entries = audit_trail(inspection=page["inspection"], part="Case audits", per_page=500).entries
    reopened = [
        e
        for e in entries
        if "Reason: Taken back to draft by Paula Price; Cora Coordinator had marked it done" in e.changes
    ]
    assert len(reopened) == 1
    assert "Status changed from Done to Draft" in reopened[0].changes
    assert reopened[0].who == "Paula Price"
