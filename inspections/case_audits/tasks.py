"""Celery tasks: thin, safe to run twice. The rows in the database say what is due."""

from celery import shared_task

from . import retention


@shared_task(ignore_result=True)
def erase_due_case_material() -> None:
    """Beat, daily: erase the case-audit material whose retention period after publication has passed."""
    retention.case_material_erase_due()
