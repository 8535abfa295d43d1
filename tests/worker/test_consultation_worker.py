"""A real Celery worker on the real Redis: a consultation's report PDF and a big import whose task
never reached the broker (Redis down as the request committed) are found by the beat's minute
sweep and done, once (consultations/tasks.py `resume_consultation_work`)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations.imports import response_import_submit
from consultations.models import ReportPdf, Respondent, ResponseImport
from consultations.outcomes import consultation_publish
from tests.helpers import HEADER
from tests.worker.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_report_pdf_and_an_import_whose_tasks_were_lost_are_done_once_by_the_sweep(
    start_worker, consultation, analyst, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    # What a request leaves when the broker could not be reached at its commit: rows, no task.
    monkeypatch.setattr("jtai.pdf_jobs.queue_after_commit", lambda *args, **kwargs: None)
    monkeypatch.setattr("consultations.imports.queue_after_commit", lambda *args, **kwargs: None)
    monkeypatch.setattr("consultations.imports.SYNC_IMPORT_BYTES", 10)
    consultation_publish(consultation=consultation, user=analyst)
    upload = response_import_submit(
        consultation=consultation,
        upload=SimpleUploadedFile("responses.csv", (HEADER + "R1,online,,Yes,,\nR2,webinar,,No,,\n").encode()),
        user=analyst,
    )
    # Queued long enough ago for the sweep to take it for lost.
    ResponseImport.objects.filter(pk=upload.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    assert (ReportPdf.objects.get().status, ResponseImport.objects.get().status) == ("pending", "queued")

    media = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    worker = start_worker("w1", **media)

    def done():
        # An upload to a published report is checked, then waits for an analyst to confirm it.
        return ReportPdf.objects.get().status == "ready" and ResponseImport.objects.get().status == "awaiting"

    wait_for(done, timeout=180, what="the sweep to make the PDF and check the import", workers=[worker])
    pdf, upload = ReportPdf.objects.get(), ResponseImport.objects.get()
    assert pdf.attempts == 1 and pdf.file.read().startswith(b"%PDF")
    assert (upload.attempts, upload.created_count, Respondent.objects.count()) == (1, 2, 0)
