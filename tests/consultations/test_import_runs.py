"""Running an uploaded import: claimed once, taken over when its worker died, never stuck."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from consultations.imports import response_import_run, response_import_submit, stalled_import_ids
from consultations.models import Respondent, ResponseImport
from consultations.tasks import run_response_import
from tests.helpers import HEADER

pytestmark = pytest.mark.django_db

START = datetime.datetime(2016, 1, 20, 10, 0, tzinfo=datetime.UTC)


def _queued(consultation, analyst, **fields):
    return ResponseImport.objects.create(
        consultation=consultation,
        file=SimpleUploadedFile("r.csv", (HEADER + "R1,online,,Yes,,\nR2,webinar,,No,,\n").encode()),
        original_name="r.csv",
        size=40,
        created_by=analyst,
        **fields,
    )


def test_a_redelivered_task_takes_over_an_import_whose_worker_died(consultation, analyst):
    with time_machine.travel(START, tick=False):
        # What a killed worker leaves: the claim committed, its rows rolled back.
        running = _queued(consultation, analyst, status="running", attempts=1, lease_until=timezone.now())
    with time_machine.travel(START + datetime.timedelta(seconds=1), tick=False):
        run_response_import(running.pk)
    running.refresh_from_db()
    assert (running.status, running.created_count, running.attempts) == ("done", 2, 2)
    assert running.lease_until is None
    assert Respondent.objects.count() == 2


def test_an_import_that_stops_its_worker_every_time_fails_for_the_analyst_instead_of_running_for_ever(
    consultation, analyst
):
    """Each time its worker is killed (out of memory on a huge file, say) the sweep hands it to
    another; after the third, it fails with a reason, imports nothing and is not handed on."""
    upload = _queued(consultation, analyst)
    moment = START
    for _ in range(ResponseImport.MAX_ATTEMPTS):
        with time_machine.travel(moment, tick=False):
            # What each killed worker leaves: its claim committed, its rows rolled back.
            ResponseImport.objects.filter(pk=upload.pk).update(
                status="running", attempts=F("attempts") + 1, lease_until=timezone.now()
            )
        moment += datetime.timedelta(minutes=5)
        with time_machine.travel(moment, tick=False):
            assert stalled_import_ids() == [upload.pk]
    with time_machine.travel(moment, tick=False):
        run_response_import(upload.pk)
        upload.refresh_from_db()
        assert (upload.status, upload.attempts, upload.lease_until) == ("failed", ResponseImport.MAX_ATTEMPTS + 1, None)
        assert upload.failure.startswith("The import stopped 3 times before it could finish")
        assert stalled_import_ids() == []
    assert not Respondent.objects.exists()


def test_a_confirmed_import_has_its_own_tries_whatever_its_check_took(consultation, analyst):
    from consultations.imports import response_import_confirm
    from consultations.outcomes import consultation_publish

    consultation_publish(consultation=consultation, user=analyst)
    checked = _queued(consultation, analyst, status="awaiting", attempts=ResponseImport.MAX_ATTEMPTS)
    response_import_confirm(response_import=checked, user=analyst)
    run_response_import(checked.pk)
    checked.refresh_from_db()
    assert (checked.status, checked.created_count) == ("done", 2)


def test_a_running_import_whose_lease_holds_is_left_to_its_worker(consultation, analyst):
    with time_machine.travel(START, tick=False):
        running = _queued(
            consultation, analyst, status="running", attempts=1, lease_until=START + datetime.timedelta(seconds=120)
        )
        assert stalled_import_ids() == []
        run_response_import(running.pk)
    running.refresh_from_db()
    assert (running.status, running.attempts) == ("running", 1)
    assert not Respondent.objects.exists()


def test_a_running_import_from_before_leases_is_taken_over(consultation, analyst):
    running = _queued(consultation, analyst, status="running")
    run_response_import(running.pk)
    running.refresh_from_db()
    assert running.status == "done"


def test_the_sweep_finds_imports_whose_task_was_lost(consultation, analyst):
    with time_machine.travel(START, tick=False):
        queued = _queued(consultation, analyst)
        dead = _queued(consultation, analyst, status="running", lease_until=START + datetime.timedelta(seconds=120))
        _queued(consultation, analyst, status="done")
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert stalled_import_ids() == []
    with time_machine.travel(START + datetime.timedelta(minutes=6), tick=False):
        assert stalled_import_ids() == [queued.pk, dead.pk]


def test_an_unexpected_error_fails_the_import_with_a_readable_message(client, consultation, analyst, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("connection reset")

    monkeypatch.setattr("consultations.imports.responses_import", crash)
    queued = _queued(consultation, analyst)
    response_import_run(response_import=queued)
    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.failure.startswith("The import stopped because of an unexpected error (RuntimeError)")
    assert queued.lease_until is None
    client.force_login(analyst)
    page = client.get(reverse("consultations:import_status", args=[consultation.slug, queued.pk])).content.decode()
    assert "Nothing was imported" in page
    assert "unexpected error (RuntimeError), so nothing was imported. Upload the file again" in page


def test_a_bad_row_after_the_claim_fails_the_import_and_writes_nothing(consultation, analyst):
    queued = _queued(consultation, analyst)
    queued.file = SimpleUploadedFile("r.csv", (HEADER + "R1,online,,Yes,,\nR2,fax,,,,\n").encode())
    queued.save()
    run_response_import(queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.error_count, queued.lease_until) == ("failed", 1, None)
    assert not Respondent.objects.exists()


def test_a_small_upload_is_imported_at_once_and_a_big_one_by_a_worker_after_commit(
    consultation, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    from jtai.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    small = (HEADER + "R1,online,,Yes,,\n").encode()
    monkeypatch.setattr("consultations.imports.SYNC_IMPORT_BYTES", len(small))
    with django_capture_on_commit_callbacks() as queued:
        done = response_import_submit(
            consultation=consultation, upload=SimpleUploadedFile("small.csv", small), user=analyst
        )
    assert (done.status, queued) == ("done", [])
    with django_capture_on_commit_callbacks() as queued:
        big = response_import_submit(
            consultation=consultation, upload=SimpleUploadedFile("big.csv", small + b"R2,webinar,,No,,\n"), user=analyst
        )
    assert (big.status, Respondent.objects.count(), len(queued)) == ("queued", 1, 1)
    queued[0]()
    big.refresh_from_db()
    assert (big.status, big.created_count, Respondent.objects.count()) == ("done", 1, 2)
