"""What the API reads, in a fixed number of queries per page. Selectors write nothing.

A system's token sees what its inspectorate's managers see on the pages, and no more: each
inspection in which the inspectorate takes part (its framework version names it), so an
Ofsted-only inspection is seen by an Ofsted token alone. A cancelled inspection leaves the view;
the changes feed says so. No local contact, case audit, evidence or comment is ever read here."""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from consultations.models import Consultation
from consultations.tables import Tables, consultation_tables
from inspections.models import FrameworkVersion, Inspection, Inspectorate, Programme, Stage, TeamMembership
from inspections.reports import selectors as reports
from inspections.reports.models import Letter, LetterVersion, ThematicEdition

from .models import InspectionChange


def _in_reach(inspectorate: Inspectorate) -> QuerySet[Inspection]:
    """Every inspection the inspectorate takes part in, cancelled or not: what may be said to
    have left the view."""
    return Inspection.objects.filter(framework__inspectorates=inspectorate)


def inspections_for(inspectorate: Inspectorate) -> QuerySet[Inspection]:
    """The inspections a token of `inspectorate` sees, with all that the API shows of them."""
    letters = Letter.objects.only("pk", "inspection_id", "status", "publication_date", "published_at")
    return (
        _in_reach(inspectorate)
        .exclude(stage=Stage.CANCELLED)
        .select_related("area", "framework", "theme", "programme")
        .prefetch_related(
            "milestones",
            Prefetch(
                "team", queryset=TeamMembership.objects.select_related("inspector__user", "inspector__inspectorate")
            ),
            Prefetch("letter", queryset=letters),
        )
        .order_by("reference")
    )


def inspection_for(inspectorate: Inspectorate, reference: str) -> Inspection | None:
    return inspections_for(inspectorate).filter(reference=reference).first()


def programmes_for(inspectorate: Inspectorate) -> QuerySet[Programme]:
    """The programmes of a kind of inspection in which the inspectorate takes part."""
    kinds = FrameworkVersion.objects.filter(inspectorates=inspectorate).values("kind")
    return Programme.objects.filter(kind__in=kinds).order_by("starts_on", "slug")


def letter_of(inspection: Inspection) -> Letter | None:
    try:
        return inspection.letter
    except Letter.DoesNotExist:
        return None


def publication_date(inspection: Inspection) -> datetime.date | None:
    return reports.publication_date(inspection, letter_of(inspection))


# The changes feed. Triggers log every write to an inspection, its milestones, its team, its
# letter and its framework's inspectorates (models.InspectionChange). A row's position is
# (transaction id, row id). On PostgreSQL a row is given only once its position is below the
# frontier: the oldest transaction still running in this database, since that one, or any later
# one, may yet commit rows that would otherwise fall behind a cursor already handed out. So
# nothing is skipped, however long a transaction runs or however a row was written; a change
# waits for the transactions that began before it to end.


@dataclass(frozen=True, order=True)
class Cursor:
    """A position in the log: every change before it has been given. `since` narrows a feed started
    with `updated_since` until its first full pass."""

    xid: int
    id: int
    since: datetime.datetime | None = None

    def encode(self) -> str:
        raw = json.dumps([self.xid, self.id, self.since.isoformat() if self.since else None]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            xid, pk, since = json.loads(raw)
            if not (isinstance(xid, int) and isinstance(pk, int)) or xid < 0 or pk < 0:
                return None
            moment = datetime.datetime.fromisoformat(since) if since is not None else None
            if moment is not None and moment.tzinfo is None:
                return None
            return cls(xid, pk, moment)
        except (ValueError, TypeError, RecursionError):  # RecursionError: JSON nested too deep to parse
            return None

    @classmethod
    def start(cls, since: datetime.datetime | None = None) -> Cursor:
        return cls(0, 0, since)


def _frontier() -> Cursor:
    """The first position not yet safe to give."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite has one writer at a time: rows commit in the order of their ids.
            cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM api_inspectionchange")
            return Cursor(0, cursor.fetchone()[0])
        # Every id below the snapshot's xmax has been given out; of those, the ones still running
        # in this database are read after it (each statement its own snapshot). Transactions of
        # other databases on the same server write no rows here, so they hold nothing back.
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
            "pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
            "coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) "
            "OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')"
        )
        xmin, xmax, sees_every_session = cursor.fetchone()
        if not sees_every_session:
            # pg_stat_activity hides other roles' transactions from this role: wait for the oldest
            # transaction running anywhere on the server instead (never skips, may wait longer).
            return Cursor(xmin, 0)
        cursor.execute(
            "SELECT backend_xid::text::bigint FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return Cursor(min([xmax, *(_widened(xid, xmax) for (xid,) in cursor.fetchall())]), 0)


def _widened(xid: int, reference: int) -> int:
    """A 32-bit transaction id (what pg_stat_activity shows) as the 64-bit one near `reference`.
    Any doubt errs low, which only holds changes back a little longer."""
    full = (reference >> 32 << 32) | xid
    return full - (1 << 32) if full > reference else full


def _after(position: Cursor) -> Q:
    return Q(xid__gt=position.xid) | Q(xid=position.xid, id__gt=position.id)


def _before(position: Cursor) -> Q:
    return Q(xid__lt=position.xid) | Q(xid=position.xid, id__lt=position.id)


@dataclass
class Change:
    inspection: Inspection
    changed_at: datetime.datetime
    in_view: bool


@dataclass
class Changes:
    changes: list[Change]
    next_cursor: Cursor
    more: bool


def changes_for(inspectorate: Inspectorate, *, after: Cursor, limit: int) -> Changes:
    """The inspections in reach that changed after the cursor, each once, at its latest change,
    oldest first, with whether each is still in view (a cancelled one has left it)."""
    frontier = _frontier()
    latest = Window(RowNumber(), partition_by=[F("inspection_id")], order_by=[F("xid").desc(), F("id").desc()])
    qs = InspectionChange.objects.filter(
        _after(after), _before(frontier), inspection_id__in=_in_reach(inspectorate).values("pk")
    )
    if after.since is not None:
        qs = qs.filter(changed_at__gte=after.since)
    rows = list(
        qs.annotate(latest=latest)
        .filter(latest=1)
        .order_by("xid", "id")
        .values_list("inspection_id", "xid", "id", "changed_at")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    wanted = {pk for pk, *_ in rows}
    in_view = {i.pk: i for i in inspections_for(inspectorate).filter(pk__in=wanted)}
    left = {i.pk: i for i in Inspection.objects.filter(pk__in=wanted - set(in_view)).only("pk", "reference")}
    changes = [
        Change(inspection=in_view.get(pk) or left[pk], changed_at=changed_at, in_view=pk in in_view)
        for pk, _, _, changed_at in rows
        if pk in in_view or pk in left
    ]
    if more:
        _, xid, pk, _ = rows[-1]
        next_cursor = Cursor(xid, pk, after.since)
    else:
        # Everything before the frontier has been given: go on from just before it.
        next_cursor = Cursor(frontier.xid, max(frontier.id - 1, 0))
    return Changes(changes=changes, next_cursor=next_cursor, more=more)


# The public side: nothing unpublished exists.


def published_letters() -> QuerySet[Letter]:
    return reports.published_letters()


def published_letter(reference: str) -> tuple[Letter, LetterVersion | None] | None:
    return reports.published_letter(reference)


def published_thematic_reports() -> QuerySet[ThematicEdition]:
    return reports.published_thematic_reports()


def published_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(published_at__isnull=False).order_by("-published_at", "slug")


def published_consultation(slug: str) -> tuple[Consultation, Tables] | None:
    consultation = published_consultations().filter(slug=slug).first()
    if consultation is None:
        return None
    return consultation, consultation_tables(consultation=consultation)
