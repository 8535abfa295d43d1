"""The dispatcher: claims due message rows and sends them. Beat runs it every minute;
`manage.py send_due_notifications` runs it once.

Delivery is at-least-once with a stable Message-ID (docs/decisions/0001):

1. *Claim*: in one short transaction, pick due rows (PostgreSQL: `FOR UPDATE SKIP LOCKED`,
   so two dispatchers never pick the same row; SQLite: the write lock its IMMEDIATE
   transactions take) and mark them `sending` with a fresh claim token and a lease.
2. *Send* outside any transaction.
3. *Record*: mark the row `sent` (or schedule a retry) only if our claim token still holds.

A dispatcher that dies between 1 and 3 leaves rows `sending`; when the lease runs out they
are claimed again. So a message is never lost; it is repeated only if the process died in
the instant after the mail server accepted it and before step 3 committed, and then with
the same Message-ID.
"""

from __future__ import annotations

import datetime
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from inspections.models import Inspection, Stage
from inspections.services.stages import inspection_transition

from . import emails, transports
from .models import Message, MessageKind, MessageStatus

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=_setting("NOTIFICATIONS_LEASE_SECONDS", 300))


def max_attempts() -> int:
    return _setting("NOTIFICATIONS_MAX_ATTEMPTS", 5)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed try."""
    return datetime.timedelta(seconds=_setting("NOTIFICATIONS_RETRY_SECONDS", 60) * 2 ** max(attempts - 1, 0))


def claimable(now: datetime.datetime) -> Q:
    due = (
        Q(status=MessageStatus.SCHEDULED, due_at__lte=now)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(after__isnull=True) | Q(after__status=MessageStatus.SENT))
    )
    abandoned = Q(status=MessageStatus.SENDING, claimed_until__lt=now)
    return due | abandoned


def claim(*, batch_size: int) -> list[Message]:
    """Mark up to `batch_size` due messages as ours for one lease; return them."""
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        candidates = Message.objects.filter(claimable(now)).order_by("due_at", "priority", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return []
        # Conditional on still being claimable, so a row another dispatcher took meanwhile
        # (possible where there are no row locks) is left to it.
        Message.objects.filter(claimable(now), pk__in=ids).update(
            status=MessageStatus.SENDING,
            claim_token=token,
            claimed_until=now + lease(),
            attempts=F("attempts") + 1,
        )
    return list(
        Message.objects.filter(claim_token=token, status=MessageStatus.SENDING)
        .select_related("inspection__framework", "inspection__area", "event")
        .order_by("due_at", "priority", "pk")
    )


def _ours(message: Message):
    return Message.objects.filter(pk=message.pk, claim_token=message.claim_token, status=MessageStatus.SENDING)


def _fail(message: Message, error: str) -> bool:
    updated = _ours(message).update(
        status=MessageStatus.FAILED,
        last_error=error,
        claimed_until=None,
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    if updated:
        logger.warning(
            "Failed %s %s to %s: %s", message.inspection.reference, message.kind, message.recipient_email, error
        )
    return bool(updated)


def _retry_or_fail(message: Message, error: str) -> str:
    if message.attempts >= max_attempts():
        _fail(message, f"Not sent after {message.attempts} tries. Last error: {error}")
        return "failed"
    _ours(message).update(
        status=MessageStatus.SCHEDULED,
        last_error=error,
        claimed_until=None,
        next_attempt_at=timezone.now() + retry_delay(message.attempts),
        updated_at=timezone.now(),
    )
    logger.info("Retrying %s %s later: %s", message.inspection.reference, message.kind, error)
    return "retried"


@transaction.atomic
def _record_sent(message: Message) -> bool:
    now = timezone.now()
    updated = _ours(message).update(
        status=MessageStatus.SENT, sent_at=now, last_error="", claimed_until=None, updated_at=now
    )
    if not updated:
        # Our lease ran out and someone else claimed the row: they will send and record it.
        logger.warning("Lease lost on message %s after sending; it may be sent again", message.pk)
        return False
    if message.kind == MessageKind.DCS_NOTIFICATION:
        inspection = Inspection.objects.select_for_update().get(pk=message.inspection_id)
        if inspection.stage == Stage.PLANNED:
            inspection_transition(user=None, inspection=inspection, name="notify", reason="The DCS was notified.")
    logger.info(
        "Sent %s %s to %s <%s>",
        message.inspection.reference,
        message.get_kind_display(),
        message.recipient_name,
        message.recipient_email,
    )
    return True


def deliver(message: Message, conn) -> str:
    """Send one claimed message. Returns "sent", "retried" or "failed"."""
    now = timezone.now()
    if message.attempts > max_attempts():
        _fail(
            message, f"Interrupted while sending {message.attempts - 1} times; check whether it arrived, then resend."
        )
        return "failed"
    if message.expires_at and now > message.expires_at:
        _fail(
            message,
            f"Not sent: it was due {timezone.localtime(message.due_at):%-d %B %Y %H:%M}, "
            f"and its moment passed ({timezone.localtime(message.expires_at):%-d %B %Y %H:%M}) before it could go.",
        )
        return "failed"
    try:
        email = emails.render(message)
    except emails.RecipientMissing as missing:
        _fail(message, str(missing))
        return "failed"
    try:
        conn.send_messages([email])
    except Exception as error:  # any transport error: SMTP, socket, Notify HTTP
        return _retry_or_fail(message, f"{type(error).__name__}: {error}")
    return "sent" if _record_sent(message) else "lost lease"


@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    batches: int = 0
    outcomes: list[tuple[int, str]] = field(default_factory=list)


def notifications_dispatch(
    *, batch_size: int | None = None, time_budget: float = 50.0, on_full_batch: Callable[[], None] | None = None
) -> DispatchResult:
    """Send every message that is due, batch by batch, until none is left or the time is up.

    `on_full_batch` is called once, the first time a batch comes back full, so the caller
    can start another dispatcher alongside this one.
    """
    batch_size = batch_size or _setting("NOTIFICATIONS_BATCH_SIZE", 100)
    result = DispatchResult()
    started = time.monotonic()
    while time.monotonic() - started < time_budget:
        claimed = claim(batch_size=batch_size)
        if not claimed:
            break
        result.batches += 1
        if len(claimed) == batch_size and on_full_batch is not None:
            on_full_batch()
            on_full_batch = None
        conn = transports.connection()
        try:
            conn.open()
            for message in claimed:
                outcome = deliver(message, conn)
                result.outcomes.append((message.pk, outcome))
                if outcome == "sent":
                    result.sent += 1
                elif outcome == "retried":
                    result.retried += 1
                elif outcome == "failed":
                    result.failed += 1
        finally:
            try:
                conn.close()
            except Exception:  # a broken connection is already closed as far as we care
                logger.debug("Closing the mail connection failed", exc_info=True)
    return result
