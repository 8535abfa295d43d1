"""The published report as a PDF: made by a worker when the report is published or changes,
stored, and served as a file, so no visitor can make the server render one.

The `ReportPdf` row is the source of truth (docs/decisions/0001): publishing or changing a
published report raises its generation and marks it pending; a task queued after commit,
or the beat sweep if that message is lost, claims it with a lease, renders outside any
transaction and records the file only if its claim still holds."""

from __future__ import annotations

import datetime
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jtai.leases import lease_claim

from .models import Consultation, ReportPdf
from .queue import queue_after_commit

RENDER_TASK = "consultations.tasks.render_report_pdf"

logger = logging.getLogger(__name__)


def report_pdf_request(*, consultation: Consultation) -> None:
    """Ask for a fresh PDF of a published report; call inside the transaction that changed it.

    Unpublished reports have no PDF: publishing asks for one."""
    # The caller's copy may predate a publish or unpublish in the same transaction.
    if not Consultation.objects.filter(pk=consultation.pk, published_at__isnull=False).exists():
        return
    now = timezone.now()
    with transaction.atomic():
        pdf, created = ReportPdf.objects.select_for_update().get_or_create(
            consultation=consultation, defaults={"requested_at": now}
        )
        if not created:
            pdf.generation = F("generation") + 1
            pdf.requested_at = now
            pdf.attempts = 0
            pdf.last_error = ""
            # A render already under way keeps its claim; it sees the new generation when it
            # records and leaves the row pending, so the next run makes the current report.
            if pdf.status != ReportPdf.Status.RENDERING:
                pdf.status = ReportPdf.Status.PENDING
            pdf.save(update_fields=["generation", "requested_at", "attempts", "last_error", "status"])
    queue_after_commit(RENDER_TASK, consultation.pk)


def report_pdf_withdraw(*, consultation: Consultation) -> None:
    """Unpublished: the stored file goes, so nothing of the report stays downloadable."""
    pdf = ReportPdf.objects.filter(consultation=consultation).first()
    if pdf is None:
        return
    name = pdf.file.name if pdf.file else ""
    pdf.delete()
    if name:
        storage = ReportPdf._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))


def _claim(consultation_id: int) -> tuple[ReportPdf, str, int] | None:
    # The token is stored as 32 hex digits, so it is set here rather than by lease_claim.
    token = uuid.uuid4().hex
    claim = lease_claim(
        ReportPdf.objects.filter(consultation_id=consultation_id),
        claimable=lambda now: (
            Q(consultation__published_at__isnull=False)
            & (
                Q(status=ReportPdf.Status.PENDING)
                | Q(status=ReportPdf.Status.RENDERING, lease_until__lte=now)
                | Q(status=ReportPdf.Status.RENDERING, lease_until__isnull=True)
            )
        ),
        lease=datetime.timedelta(seconds=ReportPdf.LEASE_SECONDS),
        until_field="lease_until",
        token_field=None,
        values={"status": ReportPdf.Status.RENDERING, "claim_token": token, "attempts": F("attempts") + 1},
    )
    if claim is None:
        return None
    pdf = ReportPdf.objects.select_related("consultation").filter(pk__in=claim.ids, claim_token=token).first()
    if pdf is None:
        return None
    return pdf, token, pdf.generation


def report_pdf_render(*, consultation_id: int) -> bool:
    """Make the PDF if one is due; True if this call stored a current one. Safe to run twice."""
    from jtai.pdf import render_pdf

    from .report import report_context

    claim = _claim(consultation_id)
    if claim is None:
        return False
    pdf, token, generation = claim
    try:
        content = render_pdf(
            "print/consultation_report.html", report_context(consultation=pdf.consultation), accessible=True
        )
    except Exception as exc:
        logger.exception("PDF of consultation %s could not be made", consultation_id)
        failed = pdf.attempts >= ReportPdf.MAX_ATTEMPTS
        ReportPdf.objects.filter(pk=pdf.pk, claim_token=token).update(
            status=ReportPdf.Status.FAILED if failed else ReportPdf.Status.PENDING,
            # bandit: claim_token="" releases the claim; it is no password.
            claim_token="",  # nosec B106
            lease_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:1000],
        )
        return False
    storage = ReportPdf._meta.get_field("file").storage
    name = storage.save(
        f"consultation-reports/{pdf.consultation.slug}-{generation}-{token[:8]}.pdf", ContentFile(content)
    )
    with transaction.atomic():
        current = ReportPdf.objects.select_for_update().filter(pk=pdf.pk, claim_token=token).first()
        if current is None:
            # Another worker took the row over (our lease ran out): its file wins.
            transaction.on_commit(lambda: storage.delete(name))
            return False
        old = current.file.name if current.file else ""
        current.file.name = name
        current.file_generation = generation
        current.rendered_at = timezone.now()
        # bandit: an empty claim token releases the claim; it is no password.
        current.claim_token = ""  # nosec B105
        current.lease_until = None
        current.status = ReportPdf.Status.READY if current.generation == generation else ReportPdf.Status.PENDING
        current.save(update_fields=["file", "file_generation", "rendered_at", "claim_token", "lease_until", "status"])
        if old and old != name:
            transaction.on_commit(lambda: storage.delete(old))
        if current.status == ReportPdf.Status.PENDING:
            # The report changed while this one was being made: make the current one.
            queue_after_commit(RENDER_TASK, consultation_id)
        return current.status == ReportPdf.Status.READY


def due_report_pdf_consultation_ids() -> list[int]:
    """PDFs waiting for a worker: pending, or being made by a worker whose lease ran out."""
    now = timezone.now()
    return list(
        ReportPdf.objects.filter(
            Q(status=ReportPdf.Status.PENDING) | Q(status=ReportPdf.Status.RENDERING, lease_until__lte=now)
        ).values_list("consultation_id", flat=True)[:100]
    )
