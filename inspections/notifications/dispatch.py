"""The dispatcher: claims due message rows and sends them. Beat asks every
NOTIFICATIONS_DISPATCH_INTERVAL seconds (2 s) whether anything is due and runs it if so;
`manage.py send_due_notifications` runs it once.

Delivery is at-least-once with a stable Message-ID (docs/decisions/0001):

1. *Claim* (`jtai.leases.lease_claim`): in one short transaction, pick due rows (PostgreSQL:
   `FOR UPDATE SKIP LOCKED`, so two dispatchers never pick the same row; SQLite: the write
   lock its IMMEDIATE transactions take) and mark them `sending` with a fresh claim token and
   a lease, counting one attempt each.
2. *Send* outside any transaction, on one mail connection per batch (through GOV.UK Notify,
   a few requests at once within its rate limit). Before each message the dispatcher makes
   sure its lease has at least half a lease to run, renewing it for the rest of the batch
   when not; so a slow mail server cannot make the lease lapse mid-batch.
3. *Record*: mark each row `sent` as soon as the server accepted it (one UPDATE whose commit
   does not wait for PostgreSQL's WAL flush), or schedule a retry, only where our claim token
   still holds.

A mail server that refuses one message for good (a 5xx to its recipient or its content) fails
that message at once, for the team to see and resend; other faults are a failed try.

A mail server that refuses the connection is a failed try for every row of the batch: they
go back to `scheduled` at once with the error and the usual backoff, and this dispatcher
stops rather than claim more (or start another) while the server refuses.

A dispatcher that dies between 1 and 3 leaves rows `sending`; when the lease runs out they
are claimed again. So a message is never lost; it is repeated only if the process died
after the mail server accepted it and before step 3 committed (that one message), or if
PostgreSQL itself crashed within a moment of the mark's commit, and then with the same
Message-ID.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from inspections.calendar import govuk_date, govuk_datetime
from inspections.models import Inspection, Stage
from inspections.services.stages import inspection_transition
from jtai.leases import Claim, lease_claim, lease_renew

from . import emails, transports
from .models import Message, MessageKind, MessageStatus

logger = logging.getLogger(__name__)
ORDER = ("due_at", "priority", "pk")


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.NOTIFICATIONS_MAX_ATTEMPTS


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed try."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def claimable(now: datetime.datetime) -> Q:
    due = (
        Q(status=MessageStatus.SCHEDULED, due_at__lte=now)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(after__isnull=True) | Q(after__status=MessageStatus.SENT))
    )
    abandoned = Q(status=MessageStatus.SENDING, claimed_until__lt=now)
    return due | abandoned


def notifications_due() -> bool:
    """Is anything due? The beat's question every few seconds: one EXISTS that PostgreSQL
    answers from the (status, due_at) index when nothing is."""
    return Message.objects.filter(claimable(timezone.now())).exists()


def claim(*, batch_size: int) -> list[Message]:
    """Mark up to `batch_size` due messages as ours for one lease; return them."""
    claimed = lease_claim(
        Message.objects.all(),
        claimable=claimable,
        lease=lease(),
        until_field="claimed_until",
        limit=batch_size,
        order_by=ORDER,
        values={"status": MessageStatus.SENDING, "attempts": F("attempts") + 1},
    )
    if claimed is None:
        return []
    # Everything rendering reads, for the whole batch in a fixed number of queries, not per message.
    return list(
        Message.objects.filter(pk__in=claimed.ids, claim_token=claimed.token, status=MessageStatus.SENDING)
        .select_related("inspection__framework", "inspection__area", "event")
        .select_related("contact__person__user", "contact__agency")
        .prefetch_related("inspection__milestones")
        .order_by(*ORDER)
    )


def _ours(messages: Iterable[Message]):
    messages = list(messages)
    return Message.objects.filter(
        pk__in=[m.pk for m in messages], claim_token=messages[0].claim_token, status=MessageStatus.SENDING
    )


def _fail(message: Message, error: str) -> bool:
    updated = _ours([message]).update(
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


def _retry_or_fail(messages: list[Message], error: str) -> tuple[int, int]:
    """Put messages whose try failed back with the backoff their attempts earn, or fail those
    that used up their attempts. Returns (retried, failed)."""
    retried = failed = 0
    now = timezone.now()
    by_attempts = itertools.groupby(sorted(messages, key=lambda m: m.attempts), key=lambda m: m.attempts)
    for attempts, group in by_attempts:
        group = list(group)
        if attempts >= max_attempts():
            failed += sum(_fail(m, f"Not sent after {m.attempts} tries. Last error: {error}") for m in group)
            continue
        retried += _ours(group).update(
            status=MessageStatus.SCHEDULED,
            last_error=error,
            claimed_until=None,
            next_attempt_at=now + retry_delay(attempts),
            updated_at=now,
        )
        for message in group:
            logger.info("Retrying %s %s later: %s", message.inspection.reference, message.kind, error)
    return retried, failed


@transaction.atomic
def _record_sent_many(messages: list[Message]) -> list[Message]:
    """Mark messages the server accepted as sent, where our claim still holds; return those."""
    if not messages:
        return []
    if connection.vendor == "postgresql":
        # The DCS's notification moves the inspection on: that commit waits for the disk, as every
        # other write of the service does, whatever the batch around it does (`_quick_commits`).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO ON")
    now = timezone.now()
    updated = _ours(messages).update(
        status=MessageStatus.SENT, sent_at=now, last_error="", claimed_until=None, updated_at=now
    )
    recorded = messages
    if updated != len(messages):
        mine = set(
            Message.objects.filter(
                pk__in=[m.pk for m in messages], claim_token=messages[0].claim_token, status=MessageStatus.SENT
            ).values_list("pk", flat=True)
        )
        recorded = [m for m in messages if m.pk in mine]
        for message in messages:
            if message.pk not in mine:
                _log_lease_lost(message)
    for message in recorded:
        if message.kind == MessageKind.DCS_NOTIFICATION:
            inspection = Inspection.objects.select_for_update().get(pk=message.inspection_id)
            if inspection.stage == Stage.PLANNED:
                inspection_transition(user=None, inspection=inspection, name="notify", reason="The DCS was notified.")
        _log_sent(message)
    return recorded


def _log_lease_lost(message: Message) -> None:
    # Our lease ran out and someone else claimed the row: they will send and record it.
    logger.warning("Lease lost on message %s after sending; it may be sent again", message.pk)


def _log_sent(message: Message) -> None:
    logger.info(
        "Sent %s %s to %s <%s>",
        message.inspection.reference,
        message.get_kind_display(),
        message.recipient_name,
        message.recipient_email,
    )


def _record_sent(message: Message) -> bool:
    """Mark one message the server accepted as sent, where our claim still holds.

    The DCS's notification also moves its inspection on, so it goes through the full record.
    Every other message is one UPDATE by primary key, committed on its own (autocommit: one
    round trip), so a worker killed after the server accepted a message repeats that one
    message at most. While a batch sends, PostgreSQL does not wait for the WAL flush of these
    commits (`_quick_commits`): once the commit returns the mark is visible to every dispatcher
    and survives any worker dying; only a crash of PostgreSQL itself within
    `3 × wal_writer_delay` (600 ms by default) can undo it, and then the messages sent in that
    window go again with their Message-ID (docs/decisions/0001)."""
    if message.kind == MessageKind.DCS_NOTIFICATION:
        return bool(_record_sent_many([message]))
    with connection.cursor() as cursor:
        cursor.execute(_sent_sql(), _sent_params(message, timezone.now()))
        recorded = cursor.rowcount == 1
    if not recorded:
        _log_lease_lost(message)
    elif logger.isEnabledFor(logging.INFO):
        _log_sent(message)
    return recorded


@functools.cache
def _sent_sql() -> str:
    """Written by hand rather than through the ORM: a burst runs it once per message, and
    compiling the equivalent QuerySet.update() costs more than executing it."""

    def column(name: str) -> str:
        return connection.ops.quote_name(Message._meta.get_field(name).column)

    # bandit: the names are the model's own, quoted; every value is a parameter.
    table = connection.ops.quote_name(Message._meta.db_table)
    return (
        f"UPDATE {table} "  # nosec B608
        f"SET {column('status')} = %s, {column('sent_at')} = %s, {column('last_error')} = '', "
        f"{column('claimed_until')} = NULL, {column('updated_at')} = %s "
        f"WHERE {column('id')} = %s AND {column('claim_token')} = %s AND {column('status')} = %s"
    )


def _sent_params(message: Message, now: datetime.datetime) -> list:
    def prep(name, value):
        return Message._meta.get_field(name).get_db_prep_value(value, connection)

    return [
        MessageStatus.SENT.value,
        prep("sent_at", now),
        prep("updated_at", now),
        message.pk,
        prep("claim_token", message.claim_token),
        MessageStatus.SENDING.value,
    ]


def _prepare(message: Message, now: datetime.datetime, facts: emails.InspectionFacts):
    """The e-mail for a claimed message, or the reason it fails without a try."""
    if message.attempts > max_attempts():
        return f"Interrupted while sending {message.attempts - 1} times; check whether it arrived, then resend."
    if message.expires_at and now > message.expires_at:
        expires = timezone.localtime(message.expires_at)
        by = f"the start of {govuk_date(expires)}" if expires.time() == datetime.time(0) else govuk_datetime(expires)
        return (
            f"Not sent: it was due {govuk_datetime(message.due_at)}, but had not gone by {by}, "
            "the time it is about, so it would arrive too late."
        )
    try:
        return emails.render(message, facts)
    except emails.RecipientMissing as missing:
        return str(missing)


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


@dataclass
class DispatchResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    batches: int = 0
    refused: bool = False  # the mail server refused a connection; this dispatcher stopped


class _Batch:
    """One claimed batch on its way out through one mail connection."""

    def __init__(self, claimed: list[Message], result: DispatchResult, on_sent: Callable[[], None] | None):
        self.result = result
        self.on_sent = on_sent
        self.held = Claim(
            token=claimed[0].claim_token,
            until=min(m.claimed_until for m in claimed),
            ids=[m.pk for m in claimed],
        )
        self.held_ids = set(self.held.ids)
        now = timezone.now()
        facts = emails.inspection_facts(m.inspection for m in claimed)
        self.outgoing: list[tuple[Message, object]] = []
        for message in claimed:
            try:
                email = _prepare(message, now, facts[message.inspection_id])
            except Exception as error:  # a fault in one message's data or template: not the batch's
                logger.exception("Could not prepare message %s", message.pk)
                self._retry([message], error)
                continue
            if isinstance(email, str):
                result.failed += _fail(message, email)
            else:
                self.outgoing.append((message, email))

    def send(self) -> bool:
        """Send what is ready. Returns False if the mail server refused a connection."""
        if not self.outgoing:
            return True
        try:
            self.conn = _connect()
        except Exception as error:  # refused (e.g. 421 at connect), unreachable, TLS or login failed
            self._release(self.outgoing, error)
            return False
        try:
            with _quick_commits():
                if getattr(self.conn, "concurrency", 1) > 1:
                    return self._send_concurrently()
                return self._send_one_by_one()
        finally:
            _close(self.conn)

    def _send_one_by_one(self) -> bool:
        for index, (message, email) in enumerate(self.outgoing):
            if not self._still_held(message, index):
                continue
            try:
                self.conn.send_messages([email])
            except Exception as error:  # any transport error: SMTP, socket, Notify HTTP
                if self._failed_try(message, error):
                    continue  # refused for good: the session is still good for the rest
                # The connection may be broken: a new one for the rest, or stop if refused.
                _close(self.conn)
                self.conn = None
                try:
                    self.conn = _connect()
                except Exception as refusal:
                    self._release(self.outgoing[index + 1 :], refusal)
                    return False
                continue
            self._sent(message)
        return True

    def _send_concurrently(self) -> bool:
        """Through GOV.UK Notify, one HTTP request a message: up to `conn.concurrency` go at
        once, started in claim order within Notify's rate limit (`transports.notify_pace`), and
        each is marked sent, or retried, here as its answer comes. There is no connection to be
        refused: an error is a failed try for its own message."""
        conn = self.conn
        in_flight: dict[Future, Message] = {}
        with ThreadPoolExecutor(max_workers=conn.concurrency, thread_name_prefix="notify") as pool:
            for index, (message, email) in enumerate(self.outgoing):
                if len(in_flight) >= conn.concurrency:
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    self._settle(in_flight, done)
                transports.notify_pace()
                if not self._still_held(message, index):
                    continue
                in_flight[pool.submit(conn.send_messages, [email])] = message
            self._settle(in_flight, list(in_flight))
        return True

    def _settle(self, in_flight: dict[Future, Message], done: Iterable[Future]) -> None:
        for future in done:
            message = in_flight.pop(future)
            error = future.exception()
            if error is None:
                self._sent(message)
            else:
                self._failed_try(message, error)

    def _still_held(self, message: Message, index: int) -> bool:
        """Whether our claim on `message` holds for at least half a lease: one send (bounded by
        EMAIL_TIMEOUT per step) fits well inside. Renew for the rest of the batch when not."""
        if timezone.now() + lease() / 2 > self.held.until:
            rest = [m.pk for m, _ in self.outgoing[index:] if m.pk in self.held_ids]
            self.held = lease_renew(
                Message.objects.filter(status=MessageStatus.SENDING),
                claim=self.held,
                ids=rest,
                lease=lease(),
                until_field="claimed_until",
            )
            lost = set(rest) - set(self.held.ids)
            if lost:
                logger.warning("Lease lost on messages %s before sending; another dispatcher has them", sorted(lost))
            self.held_ids = set(self.held.ids)
        return message.pk in self.held_ids

    def _sent(self, message: Message) -> None:
        self.result.sent += _record_sent(message)
        if self.on_sent is not None:
            self.on_sent()
            self.on_sent = None

    def _failed_try(self, message: Message, error: Exception) -> bool:
        """Fail a message refused for good (returning True), as a retry would be refused alike;
        otherwise retry it with the backoff."""
        refusal = transports.permanent_refusal(error)
        if refusal:
            self.result.failed += _fail(message, refusal)
        else:
            self._retry([message], error)
        return bool(refusal)

    def _retry(self, messages: list[Message], error: Exception) -> None:
        retried, failed = _retry_or_fail(messages, _error(error))
        self.result.retried += retried
        self.result.failed += failed

    def _release(self, outgoing: list[tuple[Message, object]], error: Exception) -> None:
        """The server refused: every message not yet tried is a failed try, retried with backoff."""
        logger.warning("The mail server refused a connection (%s); %d messages retry later", error, len(outgoing))
        self.result.refused = True
        self._retry([m for m, _ in outgoing], error)


@contextlib.contextmanager
def _quick_commits():
    """While a batch sends, its one-row commits do not wait for PostgreSQL's WAL flush: one
    round trip a mark rather than three, and no disk flush (what a PostgreSQL crash may then
    repeat: `_record_sent`). Set for this connection's session and reset after the batch, so
    nothing else the worker runs later commits this way."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except Exception:  # the connection broke: Django opens a new one, with the default, next time
            logger.debug("Could not reset synchronous_commit", exc_info=True)


def _connect():
    conn = transports.connection()
    conn.open()
    return conn


def _close(conn) -> None:
    if conn is None:
        return
    try:
        conn.close()
    except Exception:  # a broken connection is already closed as far as we care
        logger.debug("Closing the mail connection failed", exc_info=True)


def notifications_dispatch(
    *, batch_size: int | None = None, time_budget: float = 50.0, on_full_batch: Callable[[], None] | None = None
) -> DispatchResult:
    """Send every message that is due, batch by batch, until none is left, the time is up or
    the mail server refuses a connection.

    `on_full_batch` is called once, when a batch that came back full has had a message
    accepted by the mail server, so the caller can start another dispatcher alongside this one
    (never while the server refuses).
    """
    batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
    result = DispatchResult()
    started = time.monotonic()
    while time.monotonic() - started < time_budget:
        claimed = claim(batch_size=batch_size)
        if not claimed:
            break
        result.batches += 1
        full = len(claimed) == batch_size
        batch = _Batch(claimed, result, on_sent=on_full_batch if full else None)
        if batch.on_sent is not None:
            on_full_batch = None
        if not batch.send():
            break
    return result
