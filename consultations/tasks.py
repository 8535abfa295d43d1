import logging

from celery import shared_task
from django.core.cache import cache
from redis.exceptions import RedisError

from .models import ResponseImport
from .selectors import import_progress_key

logger = logging.getLogger(__name__)


@shared_task
def run_response_import(import_id: int) -> None:
    from .imports import response_import_run

    response_import = ResponseImport.objects.filter(pk=import_id).first()
    if response_import is None:
        return

    # The rows are written inside one transaction, invisible to the status page until the
    # end, so progress travels through the cache (Redis in production). Only the status page
    # reads it: a cache that cannot be reached stops the reports, never the import.
    reporting = True

    def progress(rows: int, bytes_read: int) -> None:
        nonlocal reporting
        if not reporting:
            return
        try:
            cache.set(import_progress_key(import_id), {"rows": rows, "bytes": bytes_read}, timeout=24 * 3600)
        except (RedisError, OSError):
            reporting = False
            logger.warning("Import %s carries on without reporting progress: the cache cannot be reached", import_id)

    response_import_run(response_import=response_import, progress=progress)


@shared_task
def render_report_pdf(consultation_id: int) -> None:
    from .report_pdf import report_pdf_render

    report_pdf_render(consultation_id=consultation_id)


@shared_task
def resume_consultation_work() -> None:
    """Beat, every minute: queue again the PDFs and imports whose task was lost or whose worker died.

    Queuing twice is harmless: each task claims its row first and does nothing if it can't."""
    from .imports import stalled_import_ids
    from .report_pdf import due_report_pdf_consultation_ids

    for consultation_id in due_report_pdf_consultation_ids():
        render_report_pdf.delay(consultation_id)
    for import_id in stalled_import_ids():
        run_response_import.delay(import_id)
