"""A PDF a worker makes: the one job behind letters, thematic reports and the consultation report.

The row is the source of truth (docs/decisions/0001). Asking for a PDF writes or marks a row
pending and queues its task after commit (`jtai/queues.py`); the beat sweep queues again whatever
is still pending or whose worker's lease ran out. The promises, each kept here once:

- **Claimed once.** A worker claims the row with a lease (`jtai/leases.py`) and a fresh token;
  running the task twice, or two workers at once, makes one file for one request.
- **Released on failure.** A render that raises releases its claim (token and lease cleared), says
  why in `last_error`, and leaves the row pending for the next run, or failed after
  `MAX_ATTEMPTS` tries.
- **Retried after a lost worker.** A worker that dies leaves its lease to run out; the row is then
  claimable again, and failed (`INTERRUPTED`) once more than `MAX_ATTEMPTS` claims found no worker
  left to finish. A worker records its file only while its claim holds, so a late one stores
  nothing.
- **The current version.** Where the row has a `generation` (raised each time the document
  changes), a file made from an older generation is kept but the row stays pending and is
  queued again.

A job's model has `status` (the values below), `file`, `claim_token` (UUID), `lease_until`,
`attempts`, `last_error`, `rendered_at`, `LEASE_SECONDS` and `MAX_ATTEMPTS`; optionally
`checksum` and `size`, and `generation` with `file_generation`. Rendering happens outside any
transaction; no web request ever renders a PDF.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from jtai.leases import lease_claim
from jtai.queues import queue_after_commit

# The values every job model's status choices use.
PENDING = "pending"
RENDERING = "rendering"
READY = "ready"
FAILED = "failed"

logger = logging.getLogger(__name__)
INTERRUPTED = "The worker making it stopped before it could say why (for instance, it ran out of memory)."


@dataclass(frozen=True)
class PdfJob:
    model: type[models.Model]
    task_name: str
    make: Callable[[models.Model], bytes]
    """The PDF's bytes for a claimed row (fetched with `related`)."""
    file_name: Callable[[models.Model, int, str], str]
    """Where to store it, from the row, the generation made and 8 hex digits of the claim."""
    task_arg: str = "pk"
    """The row's attribute its task takes."""
    related: tuple[str, ...] = ()

    @property
    def generational(self) -> bool:
        return any(f.name == "generation" for f in self.model._meta.get_fields())

    @property
    def storage(self):
        return self.model._meta.get_field("file").storage

    @staticmethod
    def claimable(now: datetime.datetime) -> Q:
        # A row left rendering without a lease (never written so by this module) is claimable too.
        return (
            Q(status=PENDING)
            | Q(status=RENDERING, lease_until__lte=now)
            | Q(status=RENDERING, lease_until__isnull=True)
        )

    def queue(self, row: models.Model) -> None:
        """Ask a worker for the row's PDF once the current transaction commits.

        Robust: the pending row is the request, and the beat sweep queues it again, so a broker
        that cannot be reached delays the PDF rather than failing the page that asked."""
        queue_after_commit(self.task_name, getattr(row, self.task_arg), robust=True)

    def remake(self, row: models.Model) -> None:
        """Ask for a fresh PDF of a changed document; call inside the changing transaction.

        Bookkeeping of the worker's job, not a change anyone made: written without a history row.
        A render already under way keeps its claim; it sees the new generation when it records."""
        rows = self.model._default_manager.filter(pk=row.pk)
        rows.update(generation=F("generation") + 1, attempts=0, last_error="")
        rows.exclude(status=RENDERING).update(status=PENDING)
        self.queue(row)

    def due(self, queryset: models.QuerySet, *, limit: int = 100) -> list:
        """The task arguments of rows waiting for a worker, for the beat sweep."""
        now = timezone.now()
        return list(queryset.filter(self.claimable(now)).values_list(self.task_arg, flat=True)[:limit])

    def run(self, queryset: models.QuerySet) -> bool:
        """Make the PDF of the row `queryset` selects, if it is due; True if this call stored a
        current one. Safe to run twice, and by two workers at once."""
        model = self.model
        claim = lease_claim(
            queryset,
            claimable=self.claimable,
            lease=datetime.timedelta(seconds=model.LEASE_SECONDS),
            until_field="lease_until",
            values={"status": RENDERING, "attempts": F("attempts") + 1},
        )
        if claim is None:
            return False
        rows = model._default_manager.select_related(*self.related)
        row = rows.filter(pk=claim.ids[0], claim_token=claim.token).first()
        if row is None:
            return False
        if row.attempts > model.MAX_ATTEMPTS:
            # Every try but this claim ended with its worker gone (out of memory, killed), as a
            # render that raises is failed at MAX_ATTEMPTS: give up, and say so, rather than let
            # the sweep hand it to a worker every minute for ever. This claim made no attempt.
            model._default_manager.filter(pk=row.pk, claim_token=claim.token).update(
                status=FAILED, attempts=F("attempts") - 1, claim_token=None, lease_until=None, last_error=INTERRUPTED
            )
            logger.error("PDF %s %s failed: its worker stopped on every try", model.__name__, row.pk)
            return False
        generation = row.generation if self.generational else 0
        try:
            content = self.make(row)
        except Exception as exc:
            logger.exception("PDF %s %s could not be made", model.__name__, row.pk)
            model._default_manager.filter(pk=row.pk, claim_token=claim.token).update(
                status=FAILED if row.attempts >= model.MAX_ATTEMPTS else PENDING,
                claim_token=None,
                lease_until=None,
                last_error=f"{type(exc).__name__}: {exc}"[:1000],
            )
            return False
        storage = self.storage
        name = storage.save(self.file_name(row, generation, claim.token.hex[:8]), ContentFile(content))
        with transaction.atomic():
            current = model._default_manager.select_for_update().filter(pk=row.pk, claim_token=claim.token).first()
            if current is None:
                # Another worker took the row over after our lease ran out: its file wins.
                transaction.on_commit(lambda: storage.delete(name))
                return False
            stale = self.generational and current.generation != generation
            extra = {}
            if any(f.name == "checksum" for f in model._meta.get_fields()):
                extra.update(checksum=hashlib.sha256(content).hexdigest(), size=len(content))
            if self.generational:
                extra["file_generation"] = generation
            old = current.file.name if current.file else ""
            model._default_manager.filter(pk=row.pk).update(
                status=PENDING if stale else READY,
                file=name,
                rendered_at=timezone.now(),
                claim_token=None,
                lease_until=None,
                last_error="",
                **extra,
            )
            if old and old != name:
                transaction.on_commit(lambda: storage.delete(old))
            if stale:
                # The document changed while this one was being made: make the current one.
                self.queue(current)
                return False
        return True
