"""Pages that ask a worker for something while Redis, the broker and the cache, cannot be
reached: the page answers as usual, and the row it wrote is found by the beat sweep once Redis is
back. And the worker's own use of the cache (import progress) cannot fail its work.

What is queued after commit runs as the request's transaction commits
(`django_capture_on_commit_callbacks(execute=True)`), raising whatever the page would."""

import datetime
import signal
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.imports import stalled_import_ids
from consultations.models import ResponseImport
from consultations.report_pdf import due_report_pdf_consultation_ids
from consultations.tasks import run_response_import
from inspections.notifications.dispatch import notifications_due
from inspections.notifications.models import Message, MessageKind, MessageStatus
from inspections.reports.models import LetterVersion, RenderStatus
from inspections.reports.renders import due_render_work
from tests.factories import UserFactory
from tests.helpers import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """The Celery app pointed at a Redis port nobody listens on: every publish is refused."""
    from jtai.celery import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", f"redis://127.0.0.1:{port}/0")
    # Connections made earlier in the process would still reach the real broker.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    attempts = []
    publish = app.amqp.send_task_message

    def counted(*args, **kwargs):
        attempts.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return publish(*args, **kwargs)

    monkeypatch.setattr(app.amqp, "send_task_message", counted)
    return attempts


@pytest.fixture
def redis_down(broker_down, settings):
    """The broker and the cache both refused, as when the one Redis they share is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    return broker_down


@pytest.fixture
def redis_hung(monkeypatch, settings):
    """A Redis that takes connections and never answers (paused, or a half-open link), as the
    broker and the cache; with a deadline of its own, so a test that would wait for ever fails."""
    from jtai.celery import app

    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(100)
    url = f"redis://127.0.0.1:{hung.getsockname()[1]}/0"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", url)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}

    def too_long(*args):
        raise AssertionError("still waiting for Redis after 60 s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
    hung.close()


def test_publishing_a_report_while_redis_hangs_answers_within_seconds(
    client, consultation, analyst, redis_hung, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:publish", args=[consultation.slug]))
    assert response.status_code == 302
    assert time.monotonic() - started < 20
    assert due_report_pdf_consultation_ids() == [consultation.pk]


def test_publishing_a_report_while_the_broker_is_down_answers_and_the_sweep_makes_its_pdf(
    client, consultation, analyst, redis_down, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:publish", args=[consultation.slug]))
    assert response.status_code == 302
    assert redis_down == ["consultations.tasks.render_report_pdf"]
    assert due_report_pdf_consultation_ids() == [consultation.pk]


def test_a_big_upload_while_the_broker_is_down_answers_and_the_sweep_runs_it(
    client, consultation, analyst, redis_down, monkeypatch, clock, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("consultations.imports.SYNC_IMPORT_BYTES", 10)
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:upload", args=[consultation.slug]),
            {"file": SimpleUploadedFile("responses.csv", (HEADER + "R1,online,,Yes,,\n").encode(), "text/csv")},
        )
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "responses.csv" in page.content.decode()
    assert redis_down == ["consultations.tasks.run_response_import"]
    upload = ResponseImport.objects.get()
    assert upload.status == "queued"
    clock.shift(datetime.timedelta(minutes=5))
    assert stalled_import_ids() == [upload.pk]


def test_asking_for_a_letter_pdf_while_the_broker_is_down_answers_and_the_sweep_makes_it(
    client, written, lead, redis_down, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:render", args=[written.reference]))
    assert response.status_code == 302
    version = LetterVersion.objects.get()
    assert response.url == reverse("reports:version", args=[written.reference, version.number])
    assert redis_down == ["inspections.reports.tasks.render_letter_version"]
    assert version.status == RenderStatus.PENDING
    assert due_render_work()[0] == [version.pk]


def test_asking_for_a_password_reset_while_redis_is_down_is_asked_to_wait_not_told_to_check_email(
    client, redis_down, django_capture_on_commit_callbacks
):
    """The limits cannot be counted, and an e-mail could not be queued: the limit holds, as
    django-ratelimit's own default does when its cache answers nothing, so nobody is promised
    an e-mail that cannot go."""
    UserFactory(username="dcs", email="dcs@northshire.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "dcs@northshire.example.org"})
    assert response.status_code == 429
    assert "Wait a minute, then try again" in response.content.decode()
    assert redis_down == []


def test_a_big_import_whose_progress_cannot_be_reported_still_imports(consultation, analyst, redis_down):
    upload = ResponseImport.objects.create(
        consultation=consultation,
        file=SimpleUploadedFile("r.csv", (HEADER + "R1,online,,Yes,,\nR2,webinar,,No,,\n").encode()),
        original_name="r.csv",
        size=40,
        created_by=analyst,
    )
    run_response_import(upload.pk)
    upload.refresh_from_db()
    assert (upload.status, upload.created_count) == ("done", 2)


def test_resending_a_failed_message_while_redis_is_down_answers_and_leaves_it_to_the_next_beat(
    client, planned_inspection, lead, redis_down, django_capture_on_commit_callbacks
):
    dcs = planned_inspection.messages.get(kind=MessageKind.DCS_NOTIFICATION)
    Message.objects.filter(pk=dcs.pk).update(status=MessageStatus.FAILED, last_error="SMTPServerDisconnected")
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[planned_inspection.reference, dcs.pk]))
    assert response.status_code == 302
    assert redis_down == ["inspections.notifications.tasks.dispatch_due_notifications"]
    page = client.get(response.url)
    assert page.status_code == 200 and "will be sent again within a minute" in page.content.decode()
    dcs.refresh_from_db()
    assert dcs.status == MessageStatus.SCHEDULED
    assert notifications_due()
