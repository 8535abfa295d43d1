"""The published report as a PDF: made by a worker when the report is published or changes,
stored, and served as a file, so no visitor can make the server render one.

The `ReportPdf` row is the source of truth: publishing or changing a published report raises its
generation and marks it pending; the one PDF job (`jtai/pdf_jobs.py`) makes it, once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jtai.pdf_jobs import PdfJob

from .models import Consultation, ReportPdf
from .report import report_context

RENDER_TASK = "consultations.tasks.render_report_pdf"


def report_pdf_request(*, consultation: Consultation) -> None:
    """Ask for a fresh PDF of a published report; call inside the transaction that changed it.

    Unpublished reports have no PDF: publishing asks for one."""
    # The caller's copy may predate a publish or unpublish in the same transaction.
    if not Consultation.objects.filter(pk=consultation.pk, published_at__isnull=False).exists():
        return
    with transaction.atomic():
        pdf, created = ReportPdf.objects.select_for_update().get_or_create(
            consultation=consultation, defaults={"requested_at": timezone.now()}
        )
        if created:
            REPORT_PDF.queue(pdf)
        else:
            ReportPdf.objects.filter(pk=pdf.pk).update(requested_at=timezone.now())
            REPORT_PDF.remake(pdf)


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


def _report_pdf_bytes(pdf: ReportPdf) -> bytes:
    # WeasyPrint loads in the worker that renders, not in every web process.
    from jtai.pdf import render_pdf

    return render_pdf("print/consultation_report.html", report_context(consultation=pdf.consultation), accessible=True)


REPORT_PDF = PdfJob(
    model=ReportPdf,
    task_name=RENDER_TASK,
    make=_report_pdf_bytes,
    file_name=lambda pdf, generation, claim: f"consultation-reports/{pdf.consultation.slug}-{generation}-{claim}.pdf",
    task_arg="consultation_id",
    related=("consultation",),
)


def report_pdf_render(*, consultation_id: int) -> bool:
    """Make the PDF if one is due; True if this call stored a current one. Safe to run twice."""
    return REPORT_PDF.run(
        ReportPdf.objects.filter(consultation_id=consultation_id, consultation__published_at__isnull=False)
    )


def due_report_pdf_consultation_ids() -> list[int]:
    """PDFs waiting for a worker: pending, or being made by a worker whose lease ran out."""
    return REPORT_PDF.due(ReportPdf.objects.all())
