"""Celery tasks: thin, safe to run twice."""

from celery import shared_task

from . import intelligence


@shared_task(ignore_result=True)
def erase_expired_intelligence() -> None:
    """Beat, daily: erase the intelligence whose retention period has ended (docs/decisions/0012)."""
    intelligence.intelligence_expired_erase()
