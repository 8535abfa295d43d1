"""Claiming work: two claimers racing on PostgreSQL never hold the same row, and why.

The race is made to happen, not hoped for: as soon as claimer A's pick (its first SELECT) has
run, claimer B runs a whole claim of its own, on its own connection, before A marks anything.
Both claimers must see the same committed rows, so each step runs on a connection of its own
(a thread), outside the test's rolled-back transaction, and the test removes the rows it made.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone

from consultations.models import Consultation, ReportPdf
from jtai.leases import lease_claim

pytestmark = pytest.mark.django_db

LEASE = datetime.timedelta(minutes=5)
SLUG = "lease-race-"


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=ReportPdf.Status.PENDING) | Q(status=ReportPdf.Status.RENDERING, lease_until__lte=now)


def _claim(*, limit: int, claimable=_claimable):
    return lease_claim(
        ReportPdf.objects.filter(consultation__slug__startswith=SLUG),
        claimable=claimable,
        lease=LEASE,
        until_field="lease_until",
        token_field=None,
        limit=limit,
        values={"status": ReportPdf.Status.RENDERING},
    )


def _on_own_connection(work):
    """Run `work` in a thread, so on a connection of its own that commits as it goes. Returns
    what it returned, or raises what it raised; waits at most 30 s (then fails: it was stuck)."""
    outcome = {}

    def run():
        try:
            with connections["default"].cursor() as cursor:
                # Were a claimer to wait on another's row locks while that one waits for it,
                # neither would finish: fail instead.
                cursor.execute("SET lock_timeout = '3s'")
            outcome["value"] = work()
        except Exception as error:  # noqa: BLE001 - raised again in the caller
            outcome["error"] = error
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "stuck: it waited on a lock"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def committed_rows():
    """Four pending PDFs, committed so that every connection sees them; removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks and SKIP LOCKED are PostgreSQL's; SQLite serialises claims by its write lock")

    def make():
        now = timezone.now()
        return [
            ReportPdf.objects.create(
                consultation=Consultation.objects.create(slug=f"{SLUG}{n}", title=f"Race {n}"), requested_at=now
            ).pk
            for n in range(4)
        ]

    pks = _on_own_connection(make)
    try:
        yield pks
    finally:
        _on_own_connection(lambda: Consultation.objects.filter(slug__startswith=SLUG).delete())


def test_a_claim_made_between_another_claimers_pick_and_mark_takes_none_of_its_rows(committed_rows):
    """A picks the first two rows. B, claiming everything while A has picked but not yet marked,
    gets the other two at once (SKIP LOCKED passes over A's locked rows; nothing waits), and A
    then marks both rows it picked: its conditional UPDATE finds them just as it picked them."""
    got = {}

    def b_claims_once_a_has_picked(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "b" not in got and sql.lstrip().upper().startswith("SELECT"):  # A's pick: A marks next
            got["b"] = _on_own_connection(lambda: _claim(limit=4))
        return result

    def a_claims():
        with connections["default"].execute_wrapper(b_claims_once_a_has_picked):
            return _claim(limit=2)

    a = _on_own_connection(a_claims)

    first, second, third, fourth = committed_rows
    assert a is not None and a.ids == [first, second]
    assert got["b"] is not None and got["b"].ids == [third, fourth]
    rows = _on_own_connection(lambda: list(ReportPdf.objects.filter(pk__in=committed_rows).values("pk", "status")))
    assert {r["status"] for r in rows} == {ReportPdf.Status.RENDERING}


def test_what_the_mark_checks_again_is_a_row_the_pick_did_not_lock(committed_rows):
    """The one change that can land between pick and mark: to a row the pick read but did not lock
    (it locks the claimed table's rows alone). Here the report's consultation is unpublished in that
    gap: the mark, asking `claimable` again, leaves its PDF alone."""
    published = timezone.now()
    _on_own_connection(lambda: Consultation.objects.filter(slug__startswith=SLUG).update(published_at=published))

    def published_and_due(now):
        return Q(consultation__published_at__isnull=False) & _claimable(now)

    def unpublished_once_a_has_picked(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not done and sql.lstrip().upper().startswith("SELECT"):
            done.append(True)
            _on_own_connection(lambda: Consultation.objects.filter(slug=f"{SLUG}0").update(published_at=None))
        return result

    done = []

    def a_claims():
        with connections["default"].execute_wrapper(unpublished_once_a_has_picked):
            return _claim(limit=2, claimable=published_and_due)

    a = _on_own_connection(a_claims)

    first, second, *_ = committed_rows
    assert a is not None and a.ids == [second]
    pending = _on_own_connection(lambda: ReportPdf.objects.get(pk=first).status)
    assert pending == ReportPdf.Status.PENDING
