"""The PDF: made by a worker from a frozen version, tagged, with its headings and numbered
paragraphs; the task is safe to run twice; a failure says why; `render_letter` outside the web."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections.reports import letters, renders
from inspections.reports.models import LetterVersion, RenderStatus


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_version_is_frozen_then_rendered_by_the_worker(written, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        version = letters.letter_render_request(user=lead, inspection=written)
    # Asked for in the request, queued after commit, made by a worker: never in the request.
    assert len(queued) == 1
    assert version.number == 1 and version.status == RenderStatus.PENDING and not version.file
    assert renders.letter_version_render(version_id=version.pk) is True
    version.refresh_from_db()
    assert version.status == RenderStatus.READY
    data = version.file.read()
    assert version.size == len(data) and len(version.checksum) == 64
    text = pdf_text(data)
    assert "Areas for priority action" in text and "Areas for development" in text
    for n in range(1, version.content["paragraph_count"] + 1):
        assert re.search(rf"(^|\n){n}\.\s", text), f"paragraph {n} is not numbered"
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == version.content["title"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_running_the_render_twice_keeps_one_version_for_one_request(written, lead, private_media):
    version = letters.letter_render_request(user=lead, inspection=written)
    assert renders.letter_version_render(version_id=version.pk) is True
    assert renders.letter_version_render(version_id=version.pk) is False
    assert LetterVersion.objects.count() == 1
    assert len(list((private_media / "reports" / "letters").iterdir())) == 1
    # The same form sent twice asks for nothing more.
    again = letters.letter_render_request(user=lead, inspection=written, request_key=version.request_key)
    assert again.pk == version.pk and LetterVersion.objects.count() == 1


def test_older_versions_stay_as_they_were(written, lead):
    first = letters.letter_render_request(user=lead, inspection=written)
    written.findings.first().delete()
    second = letters.letter_render_request(user=lead, inspection=written)
    assert (first.number, second.number) == (1, 2)
    assert first.content["paragraph_count"] == second.content["paragraph_count"] + 1


def test_the_version_page_shows_the_state_until_done_and_then_the_pdf(client, written, lead):
    version = letters.letter_render_request(user=lead, inspection=written)
    client.force_login(lead)
    url = f"/inspections/{written.reference}/letter/versions/1/"
    page = client.get(url).content.decode()
    assert "Waiting for a worker" in page and "Check again" in page
    assert client.get(url + "pdf/").status_code == 302
    renders.letter_version_render(version_id=version.pk)
    page = client.get(url).content.decode()
    version.refresh_from_db()
    assert "Ready" in page and version.checksum in page
    response = client.get(url + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_render_letter_draft_writes_the_current_letter_marked_as_a_draft(written, tmp_path, clock):
    out = tmp_path / "letter.pdf"
    said = io.StringIO()
    call_command("render_letter", written.reference, "--draft", "--output", str(out), stdout=said)
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert "Areas for priority action" in "\n".join(pages)
    assert all("Draft: not for publication" in page for page in pages)
    assert said.getvalue().startswith(f"{written.reference} draft: ")
    assert said.getvalue().endswith(f" paragraphs, {out.stat().st_size:,} bytes to {out}\n")


def test_render_letter_without_draft_refuses_a_letter_that_is_not_final(written, tmp_path):
    with pytest.raises(CommandError, match=f"^{written.reference} has no final letter yet: render the current draft"):
        call_command("render_letter", written.reference, "--output", str(tmp_path / "x.pdf"))


def test_render_letter_refuses_an_inspection_without_a_letter(reporting, tmp_path):
    with pytest.raises(CommandError, match=f"^{reporting.reference} has no letter yet"):
        call_command("render_letter", reporting.reference, "--draft", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="There is no inspection NOPE"):
        call_command("render_letter", "NOPE", "--output", str(tmp_path / "x.pdf"))


def test_render_letter_fails_in_one_line_with_exit_status_1(reporting, tmp_path, capsys):
    from inspections.reports.management.commands.render_letter import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["manage.py", "render_letter", reporting.reference, "--output", str(tmp_path / "x")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    said = f"{reporting.reference} has no final letter yet: render the current draft with --draft."
    assert err == f"CommandError: {said}\n"


def test_the_beat_sweep_queues_again_what_is_still_to_be_made(written, lead, monkeypatch):
    from inspections.reports import tasks

    version = letters.letter_render_request(user=lead, inspection=written)
    queued = []
    monkeypatch.setattr(tasks.render_letter_version, "delay", lambda pk: queued.append(pk))
    tasks.resume_report_work()
    assert queued == [version.pk]
    tasks.render_letter_version(version.pk)
    queued.clear()
    tasks.resume_report_work()
    assert queued == []
