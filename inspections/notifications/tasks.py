"""Celery tasks: thin, safe to run twice. The rows in the database say what is due."""

import logging

from celery import shared_task
from django.conf import settings

from . import dispatch, transports

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def dispatch_due_notifications(spread: int = 0) -> dict:
    """Send what is due. Beat starts one every NOTIFICATIONS_DISPATCH_INTERVAL seconds; it
    returns at once when nothing is due. A dispatcher whose full batch is going out starts one
    more alongside it (up to NOTIFICATIONS_DISPATCH_SPREAD), so a backlog is shared between
    the worker processes. The claims keep them from sending anything twice."""
    if not dispatch.notifications_due():
        return {"sent": 0, "retried": 0, "failed": 0}

    def start_another():
        if spread < settings.NOTIFICATIONS_DISPATCH_SPREAD:
            try:
                dispatch_due_notifications.delay(spread + 1)
            except Exception:  # broker away: this dispatcher carries on alone
                logger.warning("Could not start another dispatcher", exc_info=True)

    result = dispatch.notifications_dispatch(on_full_batch=start_another)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}


@shared_task(
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    # With the randomised waits, enough tries to outlast the link (PASSWORD_RESET_TIMEOUT, 2 hours).
    max_retries=25,
)
def send_email(email: dict) -> None:
    """Send one e-mail about no inspection (`transports.email_send_later`). A transport error is
    retried after a growing, randomised wait (up to 5 s, 10 s, … 10 min) while the e-mail is
    still worth sending; after that it is dropped with a warning. A refusal for good (a 5xx to
    the address or the message) would be refused alike on every try: dropped at once."""
    try:
        transports.email_send(email=email)
    except Exception as error:
        refusal = transports.permanent_refusal(error)
        if not refusal:
            raise
        logger.warning("Not sent: an e-mail to %s was refused. %s", email["to"], refusal)
