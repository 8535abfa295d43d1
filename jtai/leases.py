"""Claiming work with a lease: the one way a worker takes rows of due work.

Due work is a row with a status (docs/decisions/0001). A worker claims rows in one short
transaction: it picks claimable rows (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two workers
never pick the same row; SQLite: the write lock its IMMEDIATE transactions take), then marks
them as its own with a fresh token and a lease. A worker that dies leaves its lease to run out,
and the rows become claimable again. The notification dispatcher, response imports and report
PDFs all claim this way.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Claim:
    token: uuid.UUID
    until: datetime.datetime
    ids: list[int]


def lease_claim(
    queryset: QuerySet,
    *,
    claimable: Callable[[datetime.datetime], Q],
    lease: datetime.timedelta,
    until_field: str,
    token_field: str | None = "claim_token",
    limit: int = 1,
    order_by: Sequence[str] = ("pk",),
    values: dict | None = None,
) -> Claim | None:
    """Claim up to `limit` rows of `queryset` that `claimable(now)` selects, for one lease.

    The claimed rows get `until_field = now + lease`, a fresh token in `token_field` (when the
    model has one) and `values` (e.g. a status, `attempts=F("attempts") + 1`). Returns None when
    nothing is claimable.
    """
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        candidates = queryset.filter(claimable(now)).order_by(*order_by)
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return None
        update = {until_field: now + lease, **(values or {})}
        if token_field:
            update[token_field] = token
        # Conditional on still being claimable, so a row another worker took meanwhile
        # (possible where there are no row locks) is left to it.
        queryset.model._default_manager.filter(claimable(now), pk__in=ids).update(**update)
    return Claim(token=token, until=now + lease, ids=ids)
