import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from consultations.imports import responses_import
from consultations.models import Respondent, ResponseImport
from consultations.outcomes import consultation_publish, outcome_add
from consultations.report_pdf import report_pdf_render
from tests.helpers import HEADER, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(consultation):
    responses_import(
        consultation=consultation,
        file=csv_file("R1,online,Policing,Yes,5 or fewer,Ask the families", "R2,webinar,,No,,"),
    )
    return consultation


def _upload(client, content: str, name="responses.csv"):
    return client.post(
        reverse("consultations:upload", args=["test-consultation"]),
        {"file": SimpleUploadedFile(name, content.encode(), content_type="text/csv")},
        follow=True,
    )


def test_analyst_uploads_a_file_and_sees_what_was_imported(client, consultation, analyst):
    client.force_login(analyst)
    page = _upload(client, HEADER + "R1,online,,Yes,,\nR2,webinar,,No,,\n").content.decode()
    assert "Responses imported" in page
    assert "2 new respondents" in page
    again = _upload(client, HEADER + "R1,online,,Yes,,\nR2,webinar,,No,,\n").content.decode()
    assert "0 new respondents, 2 already imported and unchanged" in again


def test_a_bad_upload_lists_every_bad_row_and_imports_nothing(client, consultation, analyst):
    client.force_login(analyst)
    page = _upload(client, HEADER + "R1,online,,Yes,,\nR2,fax,,,,\nR1,online,,,,\n").content.decode()
    assert "Nothing was imported" in page
    assert "unknown channel &#x27;fax&#x27;" in page
    assert "duplicate respondent &#x27;R1&#x27; (first on line 2)" in page
    assert Respondent.objects.count() == 0


def test_upload_refuses_files_that_are_not_csv(client, consultation, analyst):
    client.force_login(analyst)
    page = _upload(client, "hello", name="responses.xlsx").content.decode()
    assert "The selected file must be a CSV" in page
    assert not ResponseImport.objects.exists()


def test_a_running_import_page_shows_progress_with_a_refresh_button_and_never_reloads_itself(
    client, consultation, analyst
):
    running = ResponseImport.objects.create(
        consultation=consultation, original_name="big.csv", size=1000, status="running", created_by=analyst
    )
    cache.set(f"consultations:import-progress:{running.pk}", {"rows": 5000, "bytes": 450})
    client.force_login(analyst)
    url = reverse("consultations:import_status", args=[consultation.slug, running.pk])
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert 'aria-valuenow="45"' in page
    # The bar is drawn 45% wide by a class (the Content Security Policy refuses style attributes).
    assert '<span class="jtai-progress__bar jtai-width-45"></span>' in page
    assert "5000 rows checked so far" in page
    assert f'href="{url}">Refresh<span class="govuk-visually-hidden"> the import\'s progress</span></a>' in page
    # With JavaScript on, a script updates the progress in place and offers to pause.
    assert '<script src="/static/consultations/import-status.js" defer></script>' in page
    running.status = "done"
    running.save()
    assert "import-status.js" not in client.get(url).content.decode()


def test_the_import_task_runs_a_queued_upload_once(consultation, analyst):
    from consultations.tasks import run_response_import

    queued = ResponseImport.objects.create(
        consultation=consultation,
        file=SimpleUploadedFile("r.csv", (HEADER + "R1,online,,Yes,,\n").encode()),
        original_name="r.csv",
        size=30,
        created_by=analyst,
    )
    run_response_import(queued.pk)
    run_response_import(queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.created_count) == ("done", 1)
    assert Respondent.objects.count() == 1


def test_unpublished_report_and_exports_are_hidden_from_the_public(client, answered, outsider):
    for name in ("report", "report_pdf", "tables_csv", "tables_xlsx"):
        url = reverse(f"consultations:{name}", args=[answered.slug])
        assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("consultations:report", args=[answered.slug])).status_code == 404
    assert client.get(reverse("consultations:overview", args=[answered.slug])).status_code == 403


def test_published_report_is_public_with_tables_charts_themes_and_you_said_we_did(client, answered, analyst):
    outcome_add(
        consultation=answered,
        question=answered.questions.get(code="q1"),
        you_said="Notify the DCS first.",
        we_did="We will notify the DCS first.",
        user=analyst,
    )
    consultation_publish(consultation=answered, user=analyst)
    page = client.get(reverse("consultations:report", args=[answered.slug])).content.decode()
    assert "We will notify the DCS first." in page
    assert "1 (100%)" in page  # online row of q1
    assert 'class="jtai-chart" aria-hidden="true"' in page
    assert "have not been coded yet" in page


def test_report_pdf_and_exports(client, answered, analyst):
    client.force_login(analyst)
    before = client.get(reverse("consultations:report_pdf", args=[answered.slug]))
    assert (before.status_code, "made when the report is published" in before.content.decode()) == (404, True)
    consultation_publish(consultation=answered, user=analyst)
    report_pdf_render(consultation_id=answered.pk)
    pdf = client.get(reverse("consultations:report_pdf", args=[answered.slug]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    csv_text = client.get(reverse("consultations:tables_csv", args=[answered.slug])).content.decode()
    assert "question,q1,total,Yes,1,2,50" in csv_text
    xlsx = client.get(reverse("consultations:tables_xlsx", args=[answered.slug]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Responses", "Sectors", "q1", "q2"]
    assert [c.value for c in book["q1"][6]] == ["Total", 2, 1, 50, 1, 50, 0, 0]


def test_analyst_codes_an_answer_in_the_browser(client, answered, analyst):
    client.force_login(analyst)
    url = reverse("consultations:coding", args=[answered.slug, "q3"])
    added = client.post(
        reverse("consultations:coding_theme_add", args=[answered.slug, "q3"]),
        {"name": "Families", "keywords": "families"},
    )
    assert added["Location"] == url
    page = client.get(url).content.decode()
    assert "Suggested" in page and "(“families”)" in page
    answer = answered.questions.get(code="q3").answers.get()
    theme = answered.questions.get(code="q3").themes.get()
    tagged = client.post(
        reverse("consultations:coding_answer_tag", args=[answered.slug, "q3"]) + f"?theme={theme.pk}",
        {"answer": answer.pk, "themes": [theme.pk]},
    )
    assert tagged["Location"] == f"{url}?theme={theme.pk}#answer-{answer.pk}", "back to the same filter"
    assert list(answer.themes.all()) == [theme]
    page = client.get(url).content.decode()
    assert "Added “Families” on respondent R1" in page


def test_analyst_pages_render(client, answered, analyst):
    client.force_login(analyst)
    for name, args in [
        ("index", []),
        ("overview", [answered.slug]),
        ("upload", [answered.slug]),
        ("outcomes", [answered.slug]),
    ]:
        assert client.get(reverse(f"consultations:{name}", args=args)).status_code == 200


def test_pdf_service_refuses_network_assets():
    from jtai.pdf import LocalAssetFetcher

    fetcher = LocalAssetFetcher()
    with pytest.raises(ValueError, match="local static files only"):
        fetcher.fetch("https://example.org/evil.css")
    assert fetcher.fetch("https://print.jtai.invalid/static/jtai/app.css").read().startswith(b"/*")


def test_admin_can_edit_the_definition(client, answered):
    from tests.factories import UserFactory
    from tests.helpers import sign_in_verified

    sign_in_verified(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    for url in (
        reverse("admin:consultations_consultation_change", args=[answered.pk]),
        reverse("admin:consultations_question_changelist"),
        reverse("admin:consultations_codingchange_changelist"),
        reverse("admin:consultations_reportpdf_changelist"),
    ):
        assert client.get(url).status_code == 200


def test_signed_out_users_are_sent_to_sign_in_and_others_without_permission_get_403(client, answered, outsider):
    for name, args in [
        ("index", []),
        ("overview", [answered.slug]),
        ("upload", [answered.slug]),
        ("coding", [answered.slug, "q3"]),
        ("outcomes", [answered.slug]),
    ]:
        url = reverse(f"consultations:{name}", args=args)
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")
    publish = reverse("consultations:publish", args=[answered.slug])
    assert client.post(publish)["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(reverse("consultations:overview", args=[answered.slug])).status_code == 403
    assert client.post(publish).status_code == 403


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "coding", {"theme": "abc"}),
        ("get", "coding", {"theme": "999999"}),
        ("post", "coding_answer_tag", {"answer": "abc", "themes": ["1"]}),
        ("post", "coding_quote", {"answer": "", "theme": "1", "quote": "choose"}),
        ("post", "coding_quote", {"answer": "ANSWER", "theme": "x", "quote": "choose"}),
        ("post", "coding_quote", {"answer": "ANSWER", "quote": "choose"}),
    ],
)
def test_coding_with_an_answer_or_theme_that_is_not_an_id_is_not_found(client, answered, analyst, method, name, data):
    client.force_login(analyst)
    answer = answered.questions.get(code="q3").answers.get()
    data = {k: (str(answer.pk) if v == "ANSWER" else v) for k, v in data.items()}
    url = reverse(f"consultations:{name}", args=[answered.slug, "q3"])
    assert getattr(client, method)(url, data).status_code == 404


def test_the_coding_page_only_shows_itself_and_its_actions_only_take_posts(client, answered, analyst, outsider):
    client.force_login(analyst)
    for name in ("coding_theme_add", "coding_answer_tag", "coding_quote"):
        assert client.get(reverse(f"consultations:{name}", args=[answered.slug, "q3"])).status_code == 405
    client.force_login(outsider)
    url = reverse("consultations:coding_theme_add", args=[answered.slug, "q3"])
    assert client.post(url, {"name": "Families"}).status_code == 403
    assert not answered.questions.get(code="q3").themes.exists()


def test_pages_say_deleted_user_for_what_a_deleted_account_did(client, consultation, analyst):
    from consultations.coding import answer_code, theme_save
    from consultations.imports import response_import_submit
    from consultations.outcomes import consultation_publish
    from tests.factories import UserFactory

    leaver = UserFactory(username="leaver", first_name="Lee", last_name="Ver")
    leaver.groups.add(*analyst.groups.all())
    response_import_submit(
        consultation=consultation,
        upload=SimpleUploadedFile("r.csv", (HEADER + "R1,online,,Yes,,Ask the families\n").encode()),
        user=leaver,
    )
    q3 = consultation.questions.get(code="q3")
    answer_code(answer=q3.answers.get(), themes=[theme_save(question=q3, name="Families", user=leaver)], user=leaver)
    consultation_publish(consultation=consultation, user=leaver)
    client.force_login(analyst)
    pages = [
        reverse("consultations:overview", args=[consultation.slug]),
        reverse("consultations:coding", args=[consultation.slug, "q3"]),
    ]
    assert all("Lee Ver" in client.get(url).content.decode() for url in pages)
    leaver.delete()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert "Lee Ver" not in response.content.decode()
    overview = client.get(pages[0]).content.decode()
    assert "by deleted user" in overview
    assert '<td class="govuk-table__cell">deleted user</td>' in overview
    assert '<td class="govuk-table__cell">deleted user</td>' in client.get(pages[1]).content.decode()


def test_the_coding_page_shows_50_answers_a_page_with_govuk_pagination(client, consultation, analyst):
    rows = [f"R{n:03d},online,,,,Answer number {n}" for n in range(1, 261)]
    responses_import(consultation=consultation, file=csv_file(*rows))
    client.force_login(analyst)
    url = reverse("consultations:coding", args=[consultation.slug, "q3"])

    first = client.get(url, {"theme": "none"}).content.decode()
    assert first.count('class="govuk-summary-card"') == 50
    assert "Respondent R050" in first and "Respondent R051" not in first
    assert (
        '<a class="govuk-link govuk-pagination__link" href="?theme=none&amp;page=1#answers" aria-label="Page 1" '
        'aria-current="page">1</a>' in first
    )
    assert 'href="?theme=none&amp;page=2#answers" aria-label="Page 2">2</a>' in first
    assert 'govuk-pagination__item--ellipses">&ctdot;</li>' in first
    assert 'href="?theme=none&amp;page=6#answers" aria-label="Page 6">6</a>' in first
    assert 'href="?theme=none&amp;page=2#answers" rel="next"' in first
    assert 'rel="prev"' not in first

    last = client.get(url, {"page": 6}).content.decode()
    assert last.count('class="govuk-summary-card"') == 10
    assert 'href="?page=5#answers" rel="prev"' in last and 'rel="next"' not in last
    assert 'href="?page=6#answers" aria-label="Page 6" aria-current="page">6</a>' in last


def test_an_upload_to_a_published_report_waits_for_confirmation_with_the_totals_before_and_after(
    client, answered, analyst
):
    from consultations.imports import stalled_import_ids
    from consultations.models import ReportPdf

    consultation_publish(consultation=answered, user=analyst)
    ReportPdf.objects.filter(consultation=answered).update(status="ready")
    client.force_login(analyst)
    new_rows = "R1,online,Policing,Yes,5 or fewer,Ask the families\nR3,online,,No,,\nR4,webinar,,,,\nR5,letter,,,,Hi\n"
    page = _upload(client, HEADER + new_rows).content.decode()

    assert "This adds 3 responses to a published report: totals 2 → 5" in page
    assert "1 already imported and unchanged" in page
    assert Respondent.objects.count() == 2, "nothing is imported until confirmed"
    checked = ResponseImport.objects.get()
    assert (checked.status, stalled_import_ids()) == ("awaiting", [])
    assert ReportPdf.objects.get(consultation=answered).status == "ready"

    confirm = reverse("consultations:import_confirm", args=[answered.slug, checked.pk])
    page = client.post(confirm, follow=True).content.decode()
    assert "Responses imported" in page and "3 new respondents" in page
    assert Respondent.objects.count() == 5
    assert ReportPdf.objects.get(consultation=answered).status == "pending"
    again = client.post(confirm, follow=True).content.decode()
    assert "This upload is not waiting for confirmation." in again
    assert Respondent.objects.count() == 5


def test_an_upload_to_an_unpublished_consultation_or_adding_nothing_needs_no_confirmation(client, answered, analyst):
    client.force_login(analyst)
    assert "2 new respondents" in _upload(client, HEADER + "R3,online,,Yes,,\nR4,online,,No,,\n").content.decode()
    consultation_publish(consultation=answered, user=analyst)
    page = _upload(client, HEADER + "R3,online,,Yes,,\n").content.decode()
    assert "0 new respondents, 1 already imported and unchanged" in page


def test_an_upload_past_the_consultation_limit_is_refused_unread_and_nothing_imported(
    client, consultation, analyst, settings, monkeypatch
):
    from jtai import uploads

    settings.CONSULTATION_UPLOAD_MAX_BYTES = 1024
    chunks = []
    original = uploads.SizeLimitHandler.receive_data_chunk

    def counting(self, raw_data, start):
        chunks.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploads.SizeLimitHandler, "receive_data_chunk", counting)
    client.force_login(analyst)
    page = _upload(client, HEADER + "R1,online,,Yes,,\n" * 2000).content.decode()
    assert "The selected file must be smaller than 1 KB" in page
    assert len(chunks) == 1  # the shared upload limit stopped reading at the first chunk past it
    assert not ResponseImport.objects.exists()
