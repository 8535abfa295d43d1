"""Services queue their follow-up work by task name.

`tasks.py` imports the services it runs, so a service importing `tasks.py` back would be an
import cycle. A task the process has registered runs as itself (so `task_always_eager` holds in
tests); otherwise the message goes to the broker by name, for a worker that has it."""

from __future__ import annotations

from django.db import transaction


def queue_after_commit(task_name: str, *args) -> None:
    from jtai.celery import app

    transaction.on_commit(lambda: app.signature(task_name, args=args).delay())
