"""Worker tests: a real Celery worker (with its embedded beat) in a subprocess, on the real
Redis, against pytest's test database, sending to an SMTP sink in this process."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from benchmarks.notifications_smtp_sink import SmtpSink

BASE_DIR = Path(__file__).resolve().parents[2]
RUNS_WORKERS = bool(os.environ.get("REDIS_URL")) or os.environ.get("CI") == "true"

# The worker process cannot see an in-memory SQLite database, so when these tests will run
# on SQLite the session's test database becomes a file. Set at import, during collection,
# before pytest-django creates the test database.
if RUNS_WORKERS and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.mkdtemp(prefix="jtai-worker-tests-")) / "test.sqlite3"
    )


def database_url() -> str:
    """The URL of the database the tests are using right now (pytest's test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A jtai worker -B` in its own process group, so SIGKILL takes its children too."""

    def __init__(self, *, env: dict, tmp: Path, name: str, concurrency: int = 1):
        self.log = tmp / f"{name}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "jtai",
                "worker",
                "-B",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                f"--hostname={name}@%h",
                f"--schedule={tmp / (name + '-beat')}",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        # Pool children that outlive their parent would hold the test database open.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def worker_env(transactional_db, smtp_sink, tmp_path):
    """Environment for worker processes: this test's database, Redis, the sink, short timers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="jtai.settings",
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        EMAIL_URL=smtp_sink.url,
        EMAIL_TIMEOUT="10",
        # Each test on its own queue, so no task left in Redis by another run reaches it.
        CELERY_QUEUE=f"jtai-test-{uuid.uuid4().hex[:12]}",
        NOTIFICATIONS_DISPATCH_INTERVAL="1",
        NOTIFICATIONS_LEASE_SECONDS="4",
        NOTIFICATIONS_RETRY_SECONDS="1",
        NOTIFICATIONS_BATCH_SIZE="3",
        LOG_LEVEL="INFO",
    )
    return env


@pytest.fixture
def start_worker(worker_env, tmp_path):
    started: list[Worker] = []

    def start(name: str = "w1", concurrency: int = 1, **overrides) -> Worker:
        worker = Worker(env={**worker_env, **overrides}, tmp=tmp_path, name=name, concurrency=concurrency)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, *, timeout: float = 60, what: str = "condition", workers=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- {w.log.name}\n{w.output()[-4000:]}" for w in workers)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}\n{logs}")
