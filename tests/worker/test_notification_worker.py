"""Real Celery workers on the real Redis: due messages go exactly once, however workers die,
Redis goes away or dispatchers overlap (the semantics in docs/decisions/0001)."""

from __future__ import annotations

import collections
import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from inspections.calendar import working_calendar
from inspections.models import MilestoneKey, Stage
from inspections.notifications.models import Message, MessageKind, MessageStatus
from inspections.services.planning import inspection_reschedule
from tests.helpers import area_with_people, plan_inspection
from tests.inspections import factories
from tests.worker.conftest import wait_for

# Serialized rollback: the flush after each test must give the reference data back.
pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
K = MessageKind
# What a notification falling due sends at once: the DCS, three leaders, and set-up meeting
# invitations to them and the lead. (The conference call of a late notification is already
# over, so its invitations fail as too late; they are not counted here.)
AT_NOTIFICATION = (K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION, K.SETUP_MEETING_INVITE)


def today() -> datetime.date:
    return timezone.localdate()


def overdue_inspection(lead_username: str = "lead", area_name: str = "Northshire"):
    """Planned with its first day on site three working days away: its notification is due."""
    people = area_with_people(name=area_name)
    lead = factories.InspectorFactory(user__username=lead_username, user__email=f"{lead_username}@ofsted.example.org")
    return plan_inspection(people=people, lead=lead, onsite_start=working_calendar().add(today(), 3))


def due_now(inspection) -> list[Message]:
    return list(inspection.messages.filter(kind__in=AT_NOTIFICATION).exclude(status=MessageStatus.WITHDRAWN))


def all_sent(messages: list[Message]):
    ids = [m.pk for m in messages]
    return lambda: Message.objects.filter(pk__in=ids, status=MessageStatus.SENT).count() == len(ids)


def deliveries(sink) -> collections.Counter:
    return collections.Counter(r.message_id for r in sink.snapshot())


def test_due_messages_are_sent_exactly_once_by_two_workers_with_two_beats(start_worker, smtp_sink):
    inspections = [overdue_inspection(f"lead{n}", f"Area {n}") for n in range(3)]
    expected = [m for i in inspections for m in due_now(i)]
    assert len(expected) == 3 * 9

    workers = [start_worker("w1", concurrency=2), start_worker("w2", concurrency=2)]
    wait_for(all_sent(expected), timeout=90, what="every due message to be sent", workers=workers)
    time.sleep(3)  # more beats tick; nothing more may go out

    counts = deliveries(smtp_sink)
    assert {m.message_id: counts[m.message_id] for m in expected} == {m.message_id: 1 for m in expected}
    assert max(counts.values()) == 1
    for inspection in inspections:
        inspection.refresh_from_db()
        assert inspection.stage == Stage.NOTIFIED
        # The DCS was told before anyone else in the area.
        received = [r for r in smtp_sink.snapshot() if r.subject.startswith(inspection.reference)]
        assert received[0].jtai_message == str(inspection.messages.get(kind=K.DCS_NOTIFICATION).pk)


def test_a_worker_killed_during_a_send_loses_and_repeats_nothing(start_worker, smtp_sink):
    inspection = overdue_inspection()
    expected = due_now(inspection)
    dcs = inspection.messages.get(kind=K.DCS_NOTIFICATION)
    smtp_sink.stall_first_data()

    doomed = start_worker("doomed")
    assert smtp_sink.stalled.wait(timeout=60), doomed.output()[-3000:]
    doomed.kill()  # SIGKILL to the worker and its pool, mid-conversation with the mail server
    smtp_sink.release.set()
    dcs.refresh_from_db()
    assert dcs.status == MessageStatus.SENDING
    assert smtp_sink.snapshot() == []

    survivor = start_worker("survivor")
    wait_for(all_sent(expected), timeout=90, what="the survivor to send everything", workers=[doomed, survivor])
    time.sleep(2)

    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in expected] == [1] * len(expected)
    dcs.refresh_from_db()
    assert dcs.attempts == 2  # claimed by the dead worker, then again once its lease ran out


def test_a_worker_restart_loses_nothing(start_worker, smtp_sink):
    first = start_worker("first")
    first.stop()  # a clean restart before anything is due
    inspection = overdue_inspection()
    expected = due_now(inspection)

    second = start_worker("second")
    wait_for(all_sent(expected), timeout=90, what="every message after the restart", workers=[second])
    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in expected] == [1] * len(expected)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def throwaway_redis(tmp_path):
    """A second redis-server of our own to stop and start, leaving the shared one alone."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed; the Redis outage test needs it")
    port = _free_port()

    class Redis:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    return
                except OSError:
                    time.sleep(0.1)
            raise AssertionError("the throwaway redis-server did not start")

        def stop(self):
            if self.process and self.process.poll() is None:
                self.process.terminate()
                self.process.wait(timeout=10)

    redis = Redis()
    redis.start()
    yield redis
    redis.stop()


def test_redis_down_for_a_while_delays_but_loses_nothing(start_worker, smtp_sink, throwaway_redis):
    worker = start_worker("w1", REDIS_URL=throwaway_redis.url)
    time.sleep(3)  # up and consuming
    throwaway_redis.stop()

    inspection = overdue_inspection()
    expected = due_now(inspection)
    time.sleep(5)  # due, but no beat reaches the worker while Redis is away
    assert smtp_sink.snapshot() == []
    assert all(m.status == MessageStatus.SCHEDULED for m in Message.objects.filter(pk__in=[m.pk for m in expected]))

    throwaway_redis.start()
    wait_for(all_sent(expected), timeout=120, what="sending after Redis came back", workers=[worker])
    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in expected] == [1] * len(expected)


def test_a_rescheduled_inspection_sends_at_the_new_time_not_the_old(start_worker, smtp_sink):
    # Moved away before its notification went: its old time passes with the worker running.
    moved_away = overdue_inspection("lead1", "Area 1")
    lead = moved_away.team.get().inspector.user
    inspection_reschedule(user=lead, inspection=moved_away, onsite_start=working_calendar().add(today(), 40))
    # Planned far ahead, then brought forward: its new time is now.
    brought_forward = overdue_inspection("lead2", "Area 2")
    lead2 = brought_forward.team.get().inspector.user
    inspection_reschedule(user=lead2, inspection=brought_forward, onsite_start=working_calendar().add(today(), 40))
    assert not Message.objects.filter(due_at__lte=timezone.now(), status=MessageStatus.SCHEDULED).exists()

    worker = start_worker("w1")
    time.sleep(4)
    assert smtp_sink.snapshot() == []

    inspection_reschedule(user=lead2, inspection=brought_forward, onsite_start=working_calendar().add(today(), 3))
    expected = due_now(brought_forward)
    wait_for(all_sent(expected), timeout=90, what="the brought-forward inspection's messages", workers=[worker])
    time.sleep(2)

    received = smtp_sink.snapshot()
    assert all(r.subject.startswith(brought_forward.reference) for r in received)
    assert not moved_away.messages.filter(status=MessageStatus.SENT).exists()
    moved_away.refresh_from_db()
    assert moved_away.stage == Stage.PLANNED
    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in expected] == [1] * len(expected)


def nothing_failed(messages: list[Message]) -> bool:
    return not Message.objects.filter(pk__in=[m.pk for m in messages], status=MessageStatus.FAILED).exists()


def test_a_refused_connection_is_a_failed_try_retried_after_the_backoff_not_the_lease(start_worker, smtp_sink):
    inspection = overdue_inspection()
    expected = due_now(inspection)
    dcs = inspection.messages.get(kind=K.DCS_NOTIFICATION)
    smtp_sink.refuse_for(600)  # 421 at connect until told otherwise

    # A lease far longer than the test: a row left "sending" by a refused dispatcher would wait it out.
    worker = start_worker("w1", NOTIFICATIONS_LEASE_SECONDS="600", NOTIFICATIONS_RETRY_SECONDS="2")

    def released_with_the_error():
        dcs.refresh_from_db()
        return dcs.status == MessageStatus.SCHEDULED and "SMTPConnectError" in dcs.last_error

    wait_for(released_with_the_error, timeout=60, what="the refused try to be recorded", workers=[worker])
    assert "421" in dcs.last_error
    assert dcs.attempts >= 1 and dcs.next_attempt_at is not None
    smtp_sink.refuse_for(0)

    wait_for(all_sent(expected), timeout=60, what="sending once the server accepts again", workers=[worker])
    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in expected] == [1] * len(expected)
    assert nothing_failed(expected)
    dcs.refresh_from_db()
    assert dcs.attempts >= 2 and dcs.last_error == ""


def test_a_mail_server_refusing_for_several_retry_intervals_loses_fails_and_repeats_nothing(start_worker, smtp_sink):
    """The issue's 70-s outage against a 60-s retry base, made fast: a 1-s base, an 8-s outage.
    The lease is short as well, so a refused dispatcher that left its rows to the lease (and
    spent an attempt on each every second) would fail them."""
    settings = dict(NOTIFICATIONS_RETRY_SECONDS="1", NOTIFICATIONS_MAX_ATTEMPTS="6", NOTIFICATIONS_LEASE_SECONDS="1")
    workers = [start_worker("w1", concurrency=2, **settings), start_worker("w2", concurrency=2, **settings)]
    time.sleep(3)  # up and consuming
    smtp_sink.refuse_for(8)
    inspections = [overdue_inspection(f"lead{n}", f"Area {n}") for n in range(3)]
    expected = [m for i in inspections for m in due_now(i)]

    wait_for(all_sent(expected), timeout=90, what="every message after the outage", workers=workers)
    time.sleep(2)

    assert smtp_sink.refusals > 0
    counts = deliveries(smtp_sink)
    assert {m.message_id: counts[m.message_id] for m in expected} == {m.message_id: 1 for m in expected}
    assert nothing_failed(expected)


def test_a_slow_mail_server_does_not_let_a_lease_lapse_mid_batch(start_worker, smtp_sink):
    """20 messages a batch at 0.3 s each take 6 s, three times the 2-s lease: the dispatcher
    renews its lease as it goes, so nobody else takes the rest of its batch and sends it again."""
    inspections = [overdue_inspection(f"lead{n}", f"Area {n}") for n in range(4)]
    expected = [m for i in inspections for m in due_now(i)]
    smtp_sink.slow(0.3)

    overrides = dict(NOTIFICATIONS_BATCH_SIZE="20", NOTIFICATIONS_LEASE_SECONDS="2")
    workers = [start_worker("w1", concurrency=2, **overrides), start_worker("w2", concurrency=2, **overrides)]
    wait_for(all_sent(expected), timeout=120, what="every message through the slow server", workers=workers)
    time.sleep(3)

    counts = deliveries(smtp_sink)
    assert {m.message_id: counts[m.message_id] for m in expected} == {m.message_id: 1 for m in expected}
    assert max(counts.values()) == 1
    assert nothing_failed(expected)


def test_messages_go_within_seconds_of_their_due_moment(start_worker, smtp_sink):
    """The lateness case: 20 inspections whose notifications fall due within one minute, each
    with the DCS's message, the three leaders' after it and five invitations (180 messages, more
    than the issue's 100), with the beat at its default interval."""
    inspections = [overdue_inspection(f"lead{n}", f"Area {n}") for n in range(20)]
    later = timezone.now() + datetime.timedelta(days=365)
    Message.objects.filter(inspection__in=inspections).update(due_at=later)
    interval = str(django_settings.NOTIFICATIONS_DISPATCH_INTERVAL)  # the default, not the fixture's 1 s
    worker = start_worker("w1", concurrency=2, NOTIFICATIONS_DISPATCH_INTERVAL=interval)
    time.sleep(4)  # up and ticking

    start = timezone.now() + datetime.timedelta(seconds=2)
    for n, inspection in enumerate(inspections):  # one inspection every 1.5 s, over 30 s
        moment = start + datetime.timedelta(seconds=1.5 * n)
        # The notification time itself moves, so the re-plan when the DCS is told keeps it.
        local = timezone.localtime(moment)
        inspection.milestones.filter(key=MilestoneKey.NOTIFICATION).update(date=local.date(), time=local.time())
        inspection.messages.filter(pk__in=[m.pk for m in due_now(inspection)]).update(due_at=moment)
    messages = [m for i in inspections for m in due_now(i)]
    assert len(messages) == 20 * 9

    wait_for(all_sent(messages), timeout=120, what="the 180 messages", workers=[worker])
    lateness = sorted(
        (m.sent_at - m.due_at).total_seconds() for m in Message.objects.filter(pk__in=[m.pk for m in messages])
    )
    # The goal in the issue is 5 s at p99 from due to handed to the transport; sent_at is later
    # still (after the server accepted). By design the wait is at most one beat interval (2 s)
    # plus a claim-and-send round (well under 1 s here), so the goal leaves about 2 s for a
    # busy shared machine. A failure here means a regression to minute-scale dispatch.
    p99 = lateness[int(len(lateness) * 0.99) - 1]
    assert p99 <= 5.0, f"p99 lateness {p99:.2f} s; all: {lateness}"
    counts = deliveries(smtp_sink)
    assert [counts[m.message_id] for m in messages] == [1] * len(messages)
