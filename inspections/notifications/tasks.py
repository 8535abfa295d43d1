"""Celery tasks: thin, safe to run twice. The rows in the database say what is due."""

import logging

from celery import shared_task
from django.conf import settings

from . import dispatch

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def dispatch_due_notifications(spread: int = 0) -> dict:
    """Send what is due. Beat starts one every minute; a dispatcher that finds a full batch
    starts one more alongside it (up to NOTIFICATIONS_DISPATCH_SPREAD), so a backlog is
    shared between the worker processes. The claims keep them from sending anything twice."""

    def start_another():
        if spread < getattr(settings, "NOTIFICATIONS_DISPATCH_SPREAD", 4):
            try:
                dispatch_due_notifications.delay(spread + 1)
            except Exception:  # broker away: this dispatcher carries on alone
                logger.warning("Could not start another dispatcher", exc_info=True)

    result = dispatch.notifications_dispatch(on_full_batch=start_another)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}
