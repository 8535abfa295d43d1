"""Handing e-mails to the outside world: Django's e-mail backend (SMTP in production, console
or file in development) or, with `GOVUK_NOTIFY_API_KEY` set, GOV.UK Notify's official client.
The only module that imports `notifications_python_client`.

An e-mail about no inspection (a password reset) has no message row: `email_send_later` hands it
to the worker, which sends it through the same transport (`email_send`; docs/decisions/0001,
"E-mails about no inspection")."""

from __future__ import annotations

import logging
import smtplib
import threading
import time
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_ratelimit.core import get_usage

from jtai.queues import queue_after_commit

logger = logging.getLogger(__name__)


class GovukNotifyEmailBackend(BaseEmailBackend):
    """Sends through GOV.UK Notify with one generic template whose personalisation carries
    the subject and body (`((subject))`, `((body))`). Notify cannot attach .ics files, so
    invitations sent this way carry the meeting details in the body only.

    One request per message, so a dispatcher keeps `concurrency` of them in flight at once
    (GOVUK_NOTIFY_CONCURRENCY), each thread with a client (and kept-alive connection) of its
    own, and all of them within Notify's rate limit (`notify_pace`)."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.template_id = settings.GOVUK_NOTIFY_TEMPLATE_ID
        self.concurrency = max(settings.GOVUK_NOTIFY_CONCURRENCY, 1)
        self._local = threading.local()

    @property
    def client(self):
        if not hasattr(self._local, "client"):
            from notifications_python_client.notifications import NotificationsAPIClient

            self._local.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)
        return self._local.client

    def send_messages(self, email_messages):
        sent = 0
        for email in email_messages:
            for address in email.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address.rsplit("<", 1)[-1].rstrip(">"),
                        template_id=self.template_id,
                        personalisation={"subject": email.subject, "body": email.body},
                        reference=email.extra_headers.get("Message-ID", ""),
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    continue
            sent += 1
        return sent


def notify_pace(*, max_wait: float = 60.0) -> None:
    """Wait, if need be, until one more request keeps every dispatcher together within
    GOVUK_NOTIFY_RATE, counted in the shared cache (django-ratelimit's fixed windows). After
    `max_wait` seconds, or if the cache cannot count, go anyway: Notify then answers 429 at
    worst, a failed try that is retried with the backoff."""
    waited = 0.0
    while True:
        # Counted whether or not it goes: a count past the limit only lasts to the window's end.
        usage = get_usage(
            None,
            group="govuk-notify",
            key=lambda group, request: "service",
            rate=settings.GOVUK_NOTIFY_RATE,
            increment=True,
        )
        if usage is None or not usage["should_limit"]:
            return
        if usage["time_left"] < 0 or waited >= max_wait:
            logger.warning("Sending to GOV.UK Notify without pacing: the rate limit could not be kept")
            return
        pause = min(max(usage["time_left"], 0.1), max_wait - waited)
        time.sleep(pause)
        waited += pause


def connection():
    if settings.GOVUK_NOTIFY_API_KEY:
        return GovukNotifyEmailBackend()
    return get_connection(fail_silently=False)


def permanent_refusal(error: Exception) -> str:
    """What to tell the team when the mail server refused one message for good: a 5xx reply
    (RFC 5321, 4.2.1) to its recipient or to its content, or GOV.UK Notify's 400, which another
    try would get again.
    Empty for anything else: a 4xx, a refused connection, sender or log-in (the server's or our
    set-up's fault, not the message's) and every network fault pass with the backoff."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        replies = error.recipients.items()
        if all(code >= 500 for _, (code, _) in replies):
            refused = "; ".join(f"{address}: {code} {_text(reply)}" for address, (code, reply) in replies)
            return f"The mail server refused the address for good ({refused}). Check the address, then resend."
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        return f"The mail server refused the message for good ({error.smtp_code} {_text(error.smtp_error)})."
    if settings.GOVUK_NOTIFY_API_KEY:
        from notifications_python_client.errors import APIError

        # 400: the request itself is wrong (an invalid address, a recipient a team key may not
        # reach); 403, 429 and 5xx are the key's, the rate's or Notify's, and pass.
        if isinstance(error, APIError) and error.status_code == 400:
            reasons = _notify_reasons(error)
            return f"GOV.UK Notify refused the message for good ({reasons}). Check the address, then resend."
    return ""


def _notify_reasons(error) -> str:
    message = error.message
    if isinstance(message, list):
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in message)
    return str(message)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


SEND_TASK = "inspections.notifications.tasks.send_email"


def email_send_later(*, to: str, subject: str, body: str, send_within: int) -> None:
    """Queue one plain-text e-mail for the worker, once the current transaction commits.

    Nothing here talks to a mail server, so a page that asks for an e-mail answers whether or
    not the server is up, and as fast for an address that gets one as for one that does not.
    A broker that cannot be reached is logged, not raised: the page still answers. The worker
    gives up after `send_within` seconds, when what the e-mail offers has lapsed."""
    email = {
        "to": [to],
        "subject": subject,
        "body": body,
        # The same Message-ID on every try lets mail programs fold a repeat into one.
        "message_id": f"<{uuid.uuid4()}@jtai.notifications>",
        "send_before": timezone.now().timestamp() + send_within,
    }
    queue_after_commit(SEND_TASK, email, robust=True)


def email_send(*, email: dict) -> bool:
    """Send one e-mail queued by `email_send_later` through the configured transport; any
    transport error is raised for the caller to retry. False if it is too late to send it."""
    if timezone.now().timestamp() > email["send_before"]:
        logger.warning("Not sent: an e-mail to %s was still unsent when it lapsed", email["to"])
        return False
    message = EmailMessage(
        subject=email["subject"],
        body=email["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email["to"],
        headers={"Message-ID": email["message_id"]},
    )
    connection().send_messages([message])
    return True
