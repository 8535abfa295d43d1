"""The PDF job's promises, once for every PDF a worker makes (letters, thematic reports, the
consultation report): claimed once, released on failure, retried after a lost worker, and the
current version made when the document changed meanwhile."""

import datetime
import uuid

import pytest

from consultations.models import ReportPdf
from inspections.reports.models import RenderStatus
from jtai.pdf_jobs import PdfJob

PDF = b"%PDF-1.7 made"


@pytest.fixture
def report(db, clock, private_media, consultation):
    """A job whose document has generations (the consultation report's PDF): what every job does, and
    the current version made when the document changed meanwhile."""
    return ReportPdf.objects.create(consultation=consultation, requested_at=datetime.datetime.now(datetime.UTC))


def job(make=lambda row: PDF):
    return PdfJob(
        model=ReportPdf,
        task_name="tests.render",
        make=make,
        file_name=lambda row, generation, claim: f"tests/{row.pk}-{generation}-{claim}.pdf",
    )


def rows(report):
    return ReportPdf.objects.filter(pk=report.pk)


def test_a_pdf_is_made_once_however_often_its_task_runs(report):
    made = []
    once = job(make=lambda row: made.append(row.pk) or PDF)
    assert once.run(rows(report)) is True
    assert once.run(rows(report)) is False
    assert made == [report.pk]
    report.refresh_from_db()
    assert (report.status, report.file_generation) == (RenderStatus.READY, 1)
    assert report.file.read() == PDF
    assert (report.claim_token, report.lease_until) == (None, None)
    assert once.due(ReportPdf.objects.all()) == []


def test_a_row_another_worker_holds_is_left_to_it(report):
    lease_end = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    rows(report).update(status=RenderStatus.RENDERING, claim_token=uuid.uuid4(), lease_until=lease_end)
    assert job(make=lambda row: pytest.fail("rendered a row another worker holds")).run(rows(report)) is False
    assert job().due(ReportPdf.objects.all()) == []


def test_a_failed_render_releases_its_claim_says_why_and_is_retried_then_marked_failed(report):
    def broken(row):
        raise OSError("disk full")

    failing = job(make=broken)
    for attempt in range(1, ReportPdf.MAX_ATTEMPTS + 1):
        assert failing.run(rows(report)) is False
        report.refresh_from_db()
        # Released: no token, no lease, so the next run claims it at once.
        assert (report.claim_token, report.lease_until, report.attempts) == (None, None, attempt)
        assert report.last_error == "OSError: disk full"
        expected = RenderStatus.FAILED if attempt == ReportPdf.MAX_ATTEMPTS else RenderStatus.PENDING
        assert report.status == expected
    assert job().run(rows(report)) is False


def test_a_worker_that_died_is_taken_over_once_its_lease_runs_out(report, clock):
    lease_end = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    rows(report).update(status=RenderStatus.RENDERING, claim_token=uuid.uuid4(), lease_until=lease_end)
    clock.move_to(lease_end - datetime.timedelta(seconds=1))
    assert job().due(ReportPdf.objects.all()) == []
    assert job().run(rows(report)) is False
    clock.move_to(lease_end + datetime.timedelta(seconds=1))
    assert job().due(ReportPdf.objects.all()) == [report.pk]
    assert job().run(rows(report)) is True


def test_a_render_that_kills_its_worker_every_time_is_failed_with_a_reason_not_retried_for_ever(report, clock):
    """A worker that dies mid-render (out of memory, killed) leaves no error to record, only its
    lapsed lease; each take-over counts an attempt. Past MAX_ATTEMPTS the row fails, saying so,
    rather than be claimed every minute by the sweep while its page says "being made"."""
    for _ in range(ReportPdf.MAX_ATTEMPTS):
        assert job().due(ReportPdf.objects.all()) == [report.pk]
        # Claimed, then the worker dies: the claim stays, with its lease.
        claimed = job(make=lambda row: (_ for _ in ()).throw(SystemExit))
        with pytest.raises(SystemExit):
            claimed.run(rows(report))
        clock.shift(datetime.timedelta(seconds=ReportPdf.LEASE_SECONDS + 1))
    assert job(make=lambda row: pytest.fail("rendered again")).run(rows(report)) is False
    report.refresh_from_db()
    assert (report.status, report.attempts) == (RenderStatus.FAILED, ReportPdf.MAX_ATTEMPTS)
    assert report.last_error.startswith("The worker making it stopped before it could say why")
    assert (report.claim_token, report.lease_until) == (None, None)
    assert job().due(ReportPdf.objects.all()) == []


def test_a_worker_whose_claim_was_taken_over_stores_nothing(report):
    def taken_over(row):
        # While this worker renders, its lease runs out and another worker claims the row.
        rows(report).update(claim_token=uuid.uuid4())
        return PDF

    assert job(make=taken_over).run(rows(report)) is False
    report.refresh_from_db()
    assert (report.status, report.file.name) == (RenderStatus.RENDERING, "")


def test_a_document_changed_while_rendering_is_made_again_and_queued(report, django_capture_on_commit_callbacks):
    def changed_meanwhile(row):
        rows(report).update(generation=2)
        return PDF

    with django_capture_on_commit_callbacks() as queued:
        assert job(make=changed_meanwhile).run(rows(report)) is False
    report.refresh_from_db()
    assert (report.status, report.file_generation, report.generation) == (RenderStatus.PENDING, 1, 2)
    assert len(queued) == 1
    assert job().run(rows(report)) is True
    report.refresh_from_db()
    assert (report.status, report.file_generation) == (RenderStatus.READY, 2)
