from celery import shared_task
from django.core.cache import cache

from .models import ResponseImport


def progress_key(import_id: int) -> str:
    return f"consultations:import-progress:{import_id}"


@shared_task
def run_response_import(import_id: int) -> None:
    from .imports import response_import_run

    response_import = ResponseImport.objects.filter(pk=import_id).first()
    if response_import is None:
        return

    # The rows are written inside one transaction, invisible to the status page until the
    # end, so progress travels through the cache (Redis in production).
    def progress(rows: int, bytes_read: int) -> None:
        cache.set(progress_key(import_id), {"rows": rows, "bytes": bytes_read}, timeout=24 * 3600)

    response_import_run(response_import=response_import, progress=progress)
