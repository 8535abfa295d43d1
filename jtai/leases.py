"""Claiming work with a lease: the one way a worker takes rows of due work.

Due work is a row with a status (docs/decisions/0001). A worker claims rows in one short
transaction: it picks claimable rows (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two workers
never pick the same row; SQLite: the write lock its IMMEDIATE transactions take), then marks
them as its own with a fresh token and a lease. A worker that dies leaves its lease to run out,
and the rows become claimable again. The notification dispatcher, response imports and report
PDFs all claim this way.

No competing claim can come between the pick and the mark. On PostgreSQL the picked rows stay
locked (`FOR UPDATE`) until the claim's transaction ends, and every other claimer's pick passes
over them (`SKIP LOCKED`); on SQLite the claim's IMMEDIATE transaction holds the database's
write lock from its `BEGIN`. The mark still asks `claimable(now)` again, for what the pick reads
but does not lock: other tables' rows a `claimable` reaches through a relation (a message's
`after`, a report's consultation). A committed change to one of them in that gap is seen by the
mark, and its row is left unclaimed. `tests/jtai/test_leases.py` runs a second claim, and such
a change, in that very gap.
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
    nothing is claimable. The claim's `ids` are exactly the rows it marked, in `order_by` order.
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
        # Conditional on still being claimable: not against another claimer (the locks keep
        # them out, see above) but for the rows `claimable` reads through a relation unlocked.
        updated = queryset.model._default_manager.filter(claimable(now), pk__in=ids).update(**update)
        if updated != len(ids):
            # Which rows we got: those with our token (without a token field, our exact lease end).
            ours = {token_field: token} if token_field else {until_field: now + lease}
            ids = _still_ours(queryset.model._default_manager.all(), ids=ids, ours=ours)
        if not ids:
            return None
    return Claim(token=token, until=now + lease, ids=ids)


def lease_renew(
    queryset: QuerySet,
    *,
    claim: Claim,
    ids: Sequence[int] | None = None,
    lease: datetime.timedelta,
    until_field: str,
    token_field: str = "claim_token",
) -> Claim:
    """Extend the lease on those of `claim`'s rows (or of `ids`) that still carry its token.

    A row whose token changed was claimed by another worker after our lease ran out: it is
    theirs now and left out of the returned claim, so the caller must not work on it. A row
    whose lease ran out but that nobody claimed still carries our token and is renewed.
    `queryset` narrows the rows further (e.g. to those still in the "sending" state).
    """
    until = timezone.now() + lease
    ids = list(claim.ids if ids is None else ids)
    if not ids:
        return Claim(token=claim.token, until=until, ids=[])
    updated = queryset.filter(pk__in=ids, **{token_field: claim.token}).update(**{until_field: until})
    if updated != len(ids):
        ids = _still_ours(queryset, ids=ids, ours={token_field: claim.token})
    return Claim(token=claim.token, until=until, ids=ids)


def _still_ours(queryset: QuerySet, *, ids: Sequence[int], ours: dict) -> list[int]:
    held = set(queryset.filter(pk__in=ids, **ours).values_list("pk", flat=True))
    return [pk for pk in ids if pk in held]
