"""Queuing a task once the transaction that asked for it commits: the one way services queue.

A service must not import the `tasks.py` that imports it, so tasks are queued by name. A task
the process has registered runs as itself (so `task_always_eager` holds in tests); otherwise the
message goes to the broker by name, for a worker that has it. Queued after commit, a worker never
looks for a row that is not there yet, and a rolled-back request queues nothing.
"""

from __future__ import annotations

from django.db import transaction

from jtai.celery import app


def queue_after_commit(task_name: str, *args, robust: bool = False) -> None:
    """Queue `task_name(*args)` when the current transaction commits (at once outside one).

    `robust`: a broker that cannot be reached is logged rather than raised, for a message that
    only hurries work the beat sweep would find anyway."""
    transaction.on_commit(lambda: app.signature(task_name, args=args).delay(), robust=robust)
