"""Benchmark: 10,000 due messages dispatched by a real Celery worker on Redis to a local
SMTP sink. Prints messages per second and the delay from due time to sent (median, p99),
with the machine's core count. Then the lateness case: 100 messages of 20 inspections falling
due at moments spread over one minute, with the worker's own beat at its default interval;
prints how late they were sent (median, p99, max).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python benchmarks/notifications_dispatch.py [--messages 10000] [--concurrency N]

It creates (and drops, for PostgreSQL) its own database named by DATABASE_URL, or uses a
throwaway SQLite file when DATABASE_URL is unset. The messages all fall due at the moment
the benchmark asks a worker to dispatch, as the beat would at its tick; in production the
beat adds up to one interval (NOTIFICATIONS_DISPATCH_INTERVAL, 2 s) to the delay, which the
lateness case measures.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess  # nosec B404 # bandit: starts Celery workers of our own, never a shell
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BEAT_INTERVAL = 2.0  # NOTIFICATIONS_DISPATCH_INTERVAL's default
sys.path.insert(0, str(BASE_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lateness-inspections", type=int, default=20)
    parser.add_argument("--lateness-messages", type=int, default=100)
    parser.add_argument("--lateness-window", type=float, default=60.0, help="seconds the due moments spread over")
    args = parser.parse_args()

    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: the benchmark runs a real worker on Redis.")
    tmp = Path(tempfile.mkdtemp(prefix="jtai-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")
    os.environ["CELERY_QUEUE"] = f"jtai-bench-{uuid.uuid4().hex[:8]}"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.notifications_smtp_sink import SmtpSink

    created_db = _create_database(connection)
    try:
        call_command("migrate", verbosity=0)
        sink = SmtpSink().start()
        inspection_ids = _make_messages(args.messages)
        env = {
            **os.environ,
            "EMAIL_URL": sink.url,
            # The worker only dispatches when told to; the benchmark plays the beat's part.
            "NOTIFICATIONS_DISPATCH_INTERVAL": "3600",
            "NOTIFICATIONS_BATCH_SIZE": str(args.batch_size),
            "NOTIFICATIONS_DISPATCH_SPREAD": str(args.concurrency * 2),
            "LOG_LEVEL": "WARNING",
            # As in production: no query log, cached templates.
            "DEBUG": "0",
            "SECRET_KEY": uuid.uuid4().hex * 2,
        }
        worker = _start_worker(env, args.concurrency, tmp / "worker.log", beat=False)
        try:
            time.sleep(4)  # the worker connects to Redis and starts its pool
            from inspections.notifications.models import Message, MessageStatus
            from inspections.notifications.tasks import dispatch_due_notifications

            cpu_before = _cpu_seconds(worker.pid, connection)
            due = time.time()
            Message.objects.filter(inspection_id__in=inspection_ids).update(due_at=_aware(due))
            deadline = time.time() + 900
            tick = 0.0
            while len(sink.snapshot()) < args.messages and time.time() < deadline:
                # The beat's part: a tick every interval, stale after it as the beat's are. A
                # dispatcher stops after its time budget, and the next tick starts another.
                if time.time() - tick >= BEAT_INTERVAL:
                    tick = time.time()
                    dispatch_due_notifications.apply_async(queue=os.environ["CELERY_QUEUE"], expires=BEAT_INTERVAL / 2)
                time.sleep(0.2)
            received = sink.snapshot()
            cpu = {part: _cpu_seconds(worker.pid, connection)[part] - seconds for part, seconds in cpu_before.items()}
            sent = Message.objects.filter(inspection_id__in=inspection_ids, status=MessageStatus.SENT)
            sent_at = [m.timestamp() for m in sent.values_list("sent_at", flat=True)]
        finally:
            _stop(worker)

        # The lateness case: the worker's own beat, at the interval settings.py gives it.
        late_ids = _make_messages(args.lateness_messages, inspections=args.lateness_inspections, first=1)
        env.pop("NOTIFICATIONS_DISPATCH_INTERVAL")
        worker = _start_worker(env, args.concurrency, tmp / "worker-beat.log", beat=True, tmp=tmp)
        try:
            time.sleep(4)
            start = time.time() + 2
            per = args.lateness_messages // args.lateness_inspections
            for n, inspection_id in enumerate(late_ids):
                # Each inspection's messages fall due together, the inspections spread over the window.
                moment = start + args.lateness_window * n / args.lateness_inspections
                Message.objects.filter(inspection_id=inspection_id).update(due_at=_aware(moment))
            deadline = time.time() + args.lateness_window + 300
            late = Message.objects.filter(inspection_id__in=late_ids)
            while late.filter(status=MessageStatus.SENT).count() < per * len(late_ids) and time.time() < deadline:
                time.sleep(0.5)
            lateness = sorted(
                (sent_at_ - due_at).total_seconds()
                for sent_at_, due_at in late.filter(status=MessageStatus.SENT).values_list("sent_at", "due_at")
            )
            late_received = sink.snapshot()[len(received) :]
            # The baseline: the same number of messages of the same size, already rendered, sent
            # by bare smtplib from as many processes, one connection each, to the same sink. No
            # database, no claims, no rendering: the ceiling the transport alone sets here.
            bare_rate = _bare_smtp_rate(sink, _sample_bytes(late_ids[0]), args.messages, args.concurrency)
        finally:
            _stop(worker)
            sink.stop()

        unique = {r.message_id for r in received}
        delays = sorted(t - due for t in sent_at)
        elapsed = (max(sent_at) - due) if sent_at else float("nan")
        print(f"cores: {os.cpu_count()}  worker processes: {args.concurrency}  batch: {args.batch_size}")
        print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}  broker: Redis")
        print(
            f"messages: {args.messages}  delivered: {len(received)}  distinct: {len(unique)}  "
            f"marked sent: {len(sent_at)}"
        )
        print(f"throughput: {len(sent_at) / elapsed:.0f} messages/second over {elapsed:.1f} s")
        print(
            f"delay due→sent: median {statistics.median(delays):.2f} s, "
            f"p99 {delays[int(len(delays) * 0.99) - 1]:.2f} s, max {delays[-1]:.2f} s"
        )
        # CPU time does not depend on what else the machine runs: what the burst costs, and the
        # rate the machine's cores would give if the burst had them to itself.
        per_thousand = {part: seconds * 1000 / max(len(sent_at), 1) for part, seconds in cpu.items()}
        total = sum(per_thousand.values())
        print(
            "CPU seconds per 1,000 messages: "
            + ", ".join(f"{part} {seconds:.2f}" for part, seconds in per_thousand.items())
            + f"; total {total:.2f}, so {os.cpu_count()} cores give {os.cpu_count() * 1000 / total:.0f} messages/second"
        )
        print(
            f"lateness ({len(lateness)} messages of {args.lateness_inspections} inspections due over "
            f"{args.lateness_window:.0f} s, beat every {settings.NOTIFICATIONS_DISPATCH_INTERVAL:g} s): "
            f"due→sent median {statistics.median(lateness):.2f} s, "
            f"p99 {lateness[int(len(lateness) * 0.99) - 1]:.2f} s, max {lateness[-1]:.2f} s"
        )
        rate = len(sent_at) / elapsed
        print(
            f"baseline, bare smtplib ({args.concurrency} processes sending {args.messages} ready-made messages "
            f"to the same sink): {bare_rate:.0f} messages/second; the dispatcher goes at {rate / bare_rate:.2f} of it"
        )
        late_unique = {r.message_id for r in late_received}
        if len(unique) != len(received) or len(sent_at) != args.messages:
            sys.exit("FAILED: some message was lost or sent twice")
        if len(late_unique) != len(late_received) or len(lateness) != args.lateness_messages:
            sys.exit("FAILED: some message of the lateness case was lost or sent twice")
    finally:
        connection.close()
        if created_db:
            _drop_database(created_db)


def _start_worker(env: dict, concurrency: int, log: Path, *, beat: bool, tmp: Path | None = None):
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "jtai",
        "worker",
        "--loglevel=WARNING",
        f"--concurrency={concurrency}",
        "--without-mingle",
        "--without-gossip",
        "-n",
        f"bench{'-beat' if beat else ''}@%h",
    ]
    if beat:
        command += ["-B", f"--schedule={tmp / 'beat-schedule'}"]
    # bandit: our own command list: the Celery worker of this checkout.
    return subprocess.Popen(  # nosec B603
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 (closed with the process)
        start_new_session=True,
    )


def _stop(worker) -> None:
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=60)


def _cpu_seconds(worker_pid: int, connection) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the worker's processes, by PostgreSQL (every
    process of the server, and the backends that have ended: their time goes to the postmaster's
    children's count when it reaps them), and by this process (the sink's threads)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: int) -> list[str]:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            return []

    def used(pid: int, *, children: bool = False) -> float:
        stat = fields(pid)
        if not stat:
            return 0.0
        own = int(stat[11]) + int(stat[12])
        return (own + (int(stat[13]) + int(stat[14]) if children else 0)) / tick

    def parent(pid: int) -> int | None:
        stat = fields(pid)
        return int(stat[1]) if stat else None

    def pgid(pid: int) -> int | None:
        try:
            return os.getpgid(pid)
        except OSError:
            return None

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        postmaster = parent(cursor.fetchone()[0])
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "worker": sum(used(pid) for pid in pids if pgid(pid) == worker_pid),
        "PostgreSQL": used(postmaster, children=True) + sum(used(pid) for pid in pids if parent(pid) == postmaster),
        "sink": own.ru_utime + own.ru_stime,
    }


def _sample_bytes(inspection_id: int) -> bytes:
    """One of the benchmark's messages as it goes over the wire."""
    from inspections.notifications import emails
    from inspections.notifications.models import Message

    message = Message.objects.filter(inspection_id=inspection_id).first()
    return emails.render(message).message().as_bytes(linesep="\r\n")


def _bare_send(host: str, port: int, sample: bytes, count: int, first: int) -> None:
    import smtplib

    with smtplib.SMTP(host, port) as smtp:
        for n in range(first, first + count):
            smtp.sendmail("no-reply@jtai.localhost", [f"bare{n}@bench.example"], sample)


def _bare_smtp_rate(sink, sample: bytes, count: int, processes: int) -> float:
    import multiprocessing

    share = count // processes
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_bare_send, args=(sink.host, sink.port, sample, share, n * share))
        for n in range(processes)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return share * processes / (time.perf_counter() - started)


def _aware(epoch: float):
    import datetime

    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def _create_database(connection) -> str | None:
    if connection.vendor != "postgresql":
        return None
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_database(name: str) -> None:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _make_messages(count: int, *, inspections: int = 1, first: int = 0) -> list[int]:
    """`inspections` planned inspections, and `count` messages to team-style recipients shared
    among them, due a year ahead (the benchmark sets when they fall due)."""
    import datetime

    from django.utils import timezone

    from inspections.calendar import working_calendar
    from inspections.models import Area, FrameworkVersion, Inspection, Theme
    from inspections.notifications.models import Message, MessageKind
    from inspections.services.planning import milestones_store
    from inspections.timeline import Rules, compute

    framework = FrameworkVersion.objects.get(slug="jtai-2016")
    onsite = timezone.localdate() + datetime.timedelta(days=60)
    while onsite.weekday() >= 5:
        onsite += datetime.timedelta(days=1)
    ids = []
    for n in range(first, first + inspections):
        area = Area.objects.create(name=f"Benchmarkshire {n}", ons_code=f"E99{n:06d}")
        inspection = Inspection.objects.create(
            reference=f"JTAI-BENCH-{n:03d}",
            area=area,
            framework=framework,
            theme=Theme.objects.first(),
            onsite_start=onsite,
        )
        milestones_store(
            inspection=inspection, milestones=compute(onsite, Rules.from_framework(framework), working_calendar())
        )
        ids.append(inspection.pk)
    far = timezone.now() + datetime.timedelta(days=365)
    Message.objects.bulk_create(
        (
            Message(
                inspection_id=ids[n % len(ids)],
                kind=MessageKind.TEAM_REMINDER,
                key=f"bench:{n}",
                milestone_key="onsite_start",
                recipient_name=f"Recipient {n}",
                recipient_email=f"recipient{n}@bench.example",
                due_at=far,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return ids


if __name__ == "__main__":
    main()
