"""The published report: quotes only by an analyst's choice, and a PDF made by a worker."""

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from consultations.coding import answer_code, quote_choose, quote_withdraw, theme_save
from consultations.imports import responses_import
from consultations.models import CodingChange, ReportPdf
from consultations.outcomes import consultation_publish, consultation_unpublish, outcome_add
from consultations.report import report_context
from consultations.report_pdf import due_report_pdf_consultation_ids, report_pdf_render
from jtai.errors import DomainError
from tests.helpers import csv_file

pytestmark = pytest.mark.django_db

SECRET = "My nephew Tom at Northshire school was missed"


@pytest.fixture
def coded(consultation, analyst):
    responses_import(
        consultation=consultation,
        file=csv_file(f"R1,online,,Yes,,{SECRET}", "R2,online,,No,,Ask the families first"),
    )
    q3 = consultation.questions.get(code="q3")
    theme = theme_save(question=q3, name="Families", user=analyst)
    for answer in q3.answers.all():
        answer_code(answer=answer, themes=[theme], user=analyst)
    return consultation


def _answer(consultation, respondent_id):
    return consultation.questions.get(code="q3").answers.get(respondent__respondent_id=respondent_id)


def _theme(consultation):
    return consultation.questions.get(code="q3").themes.get()


def _printed(consultation) -> str:
    return render_to_string("print/consultation_report.html", report_context(consultation=consultation))


def test_no_respondent_is_quoted_in_the_report_or_its_pdf_unless_an_analyst_chooses(client, coded, analyst):
    consultation_publish(consultation=coded, user=analyst)
    page = client.get(reverse("consultations:report", args=[coded.slug])).content.decode()
    assert "Families" in page
    assert SECRET not in page and "Ask the families first" not in page
    assert SECRET not in _printed(coded) and "Ask the families first" not in _printed(coded)


def test_an_analyst_chooses_a_quote_on_the_coding_page_and_it_is_recorded(client, coded, analyst):
    client.force_login(analyst)
    url = reverse("consultations:coding", args=[coded.slug, "q3"])
    theme, answer = _theme(coded), _answer(coded, "R2")
    page = client.get(url).content.decode()
    assert 'Quote<span class="govuk-visually-hidden"> respondent R2</span> for Families' in page
    with time_machine.travel(datetime.datetime(2016, 1, 20, 10, 30, tzinfo=timezone.get_current_timezone())):
        response = client.post(
            reverse("consultations:coding_quote", args=[coded.slug, "q3"]),
            {"answer": answer.pk, "theme": theme.pk, "quote": "choose"},
            follow=True,
        )
    page = response.content.decode()
    assert "Respondent R2&#x27;s answer will be quoted for “Families” in the published report." in page
    assert "Chose respondent R2's answer as a published quote for “Families”" in page
    change = CodingChange.objects.get(action="quoted")
    assert (change.changed_by, change.changed_at.date()) == (analyst, datetime.date(2016, 1, 20))
    coding = answer.codings.get()
    assert (coding.quoted_by, coding.quoted_at.date()) == (analyst, datetime.date(2016, 1, 20))

    consultation_publish(consultation=coded, user=analyst)
    client.logout()
    public = client.get(reverse("consultations:report", args=[coded.slug])).content.decode()
    assert "“Ask the families first”" in public and SECRET not in public
    assert "“Ask the families first”" in _printed(coded) and SECRET not in _printed(coded)


def test_withdrawing_a_quote_or_untagging_the_answer_takes_it_out_of_the_report(coded, analyst):
    theme, answer = _theme(coded), _answer(coded, "R2")
    assert quote_choose(answer=answer, theme=theme, user=analyst) is True
    assert quote_choose(answer=answer, theme=theme, user=analyst) is False
    assert quote_withdraw(answer=answer, theme=theme, user=analyst) is True
    assert "Ask the families first" not in _printed(coded)
    quote_choose(answer=answer, theme=theme, user=analyst)
    answer_code(answer=answer, themes=[], user=analyst)
    assert "Ask the families first" not in _printed(coded)
    actions = list(CodingChange.objects.filter(answer=answer).order_by("id").values_list("action", flat=True))
    assert actions == ["added", "quoted", "unquoted", "quoted", "unquoted", "removed"]


def test_only_an_answer_tagged_with_the_theme_can_be_its_quote(client, consultation, coded, analyst):
    other = theme_save(question=consultation.questions.get(code="q3"), name="Police", user=analyst)
    with pytest.raises(DomainError, match="Tag the answer with “Police” before choosing it as a quote"):
        quote_choose(answer=_answer(coded, "R1"), theme=other, user=analyst)

    client.force_login(analyst)
    answer = _answer(coded, "R1")
    response = client.post(
        reverse("consultations:coding_quote", args=[coded.slug, "q3"]),
        {"answer": answer.pk, "theme": other.pk, "quote": "choose"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    message = "Tag the answer with “Police” before choosing it as a quote for it."
    assert f'<a href="#answer-{answer.pk}-theme">{message}</a>' in page
    assert f'id="answer-{answer.pk}-theme"><span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    assert not CodingChange.objects.filter(action="quoted").exists()


@pytest.fixture
def no_rendering_in_requests(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a web request rendered a PDF")

    monkeypatch.setattr("jtai.pdf.render_pdf", refuse)
    yield
    monkeypatch.undo()


def test_nobody_can_make_the_server_render_the_pdf_by_asking_for_it(client, coded, analyst, no_rendering_in_requests):
    consultation_publish(consultation=coded, user=analyst)
    for _ in range(3):
        response = client.get(reverse("consultations:report_pdf", args=[coded.slug]))
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "The PDF is being made" in response.content.decode()
    page = client.get(reverse("consultations:report", args=[coded.slug])).content.decode()
    assert "report (PDF): being made" in page


def test_publishing_makes_the_pdf_in_a_worker_and_the_stored_file_is_served(
    client, coded, analyst, django_capture_on_commit_callbacks, monkeypatch
):
    from jtai.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        consultation_publish(consultation=coded, user=analyst)
    pdf = ReportPdf.objects.get(consultation=coded)
    assert (pdf.status, pdf.file_generation) == ("ready", pdf.generation)

    def refuse(*args, **kwargs):
        raise AssertionError("a web request rendered a PDF")

    monkeypatch.setattr("jtai.pdf.render_pdf", refuse)
    response = client.get(reverse("consultations:report_pdf", args=[coded.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="test-consultation-outcome.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("consultations:report", args=[coded.slug])).content.decode()
    assert 'href="/consultations/test-consultation/report.pdf">report (PDF)</a>' in page


def test_a_change_to_the_published_report_withdraws_the_old_pdf_until_the_new_one_is_made(client, coded, analyst):
    consultation_publish(consultation=coded, user=analyst)
    assert report_pdf_render(consultation_id=coded.pk) is True
    url = reverse("consultations:report_pdf", args=[coded.slug])
    assert client.get(url).status_code == 200
    outcome_add(consultation=coded, question=None, you_said="More notice.", we_did="Nine days.", user=analyst)
    assert client.get(url).status_code == 503
    assert report_pdf_render(consultation_id=coded.pk) is True
    assert client.get(url).status_code == 200
    # Publishing again remakes it too.
    consultation_publish(consultation=coded, user=analyst)
    assert client.get(url).status_code == 503


def test_rendering_is_safe_to_run_twice(coded, analyst, monkeypatch):
    consultation_publish(consultation=coded, user=analyst)
    assert report_pdf_render(consultation_id=coded.pk) is True
    monkeypatch.setattr("jtai.pdf.render_pdf", lambda *a, **k: pytest.fail("rendered twice"))
    assert report_pdf_render(consultation_id=coded.pk) is False
    assert due_report_pdf_consultation_ids() == []


def test_unpublishing_deletes_the_stored_pdf(client, coded, analyst, media_root, django_capture_on_commit_callbacks):
    consultation_publish(consultation=coded, user=analyst)
    report_pdf_render(consultation_id=coded.pk)
    path = media_root / ReportPdf.objects.get(consultation=coded).file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        consultation_unpublish(consultation=coded, user=analyst)
    assert not path.exists()
    assert client.get(reverse("consultations:report_pdf", args=[coded.slug])).status_code == 404


def test_the_demo_report_quotes_only_the_answers_chosen_for_it(client):
    import io

    from consultations import demo
    from consultations.models import Coding

    demo.load(io.StringIO())
    demo.load(io.StringIO())
    quoted = Coding.objects.filter(quoted_at__isnull=False)
    assert sorted(quoted.values_list("theme__name", "answer__text")) == sorted(demo.QUOTES)
    page = client.get(reverse("consultations:report", args=["jtai-2015"])).content.decode()
    assert "“Performance data on re-referrals.”" in page
    assert "“Workforce stability is the best single sign of good practice.”" in page
    assert page.count('class="jtai-quote') == 2
