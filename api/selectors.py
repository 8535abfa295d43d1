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

from django.conf import settings
from django.db.models import DateTimeField, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from consultations.models import Consultation
from consultations.tables import Tables, consultation_tables
from inspections.models import FrameworkVersion, Inspection, Inspectorate, Milestone, Programme, Stage, TeamMembership
from inspections.reports import selectors as reports
from inspections.reports.models import Letter, LetterVersion, ThematicEdition

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


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


# The changes feed. An inspection changes when it, its milestones, its team or its letter do;
# each of those keeps history rows, so the moment of the last change is read from them.


def _last_history(model, field: str = "inspection_id"):
    history = model.history.model
    return Subquery(
        history.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(last=Max("history_date"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def _with_changed_at(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    epoch = Value(EPOCH, output_field=DateTimeField())
    return qs.annotate(
        changed_at=Greatest(
            Coalesce(_last_history(Inspection, "id"), epoch),
            Coalesce(_last_history(Milestone), epoch),
            Coalesce(_last_history(TeamMembership), epoch),
            Coalesce(_last_history(Letter), epoch),
        )
    )


@dataclass(frozen=True)
class Cursor:
    changed_at: datetime.datetime
    pk: int

    def encode(self) -> str:
        raw = json.dumps([self.changed_at.isoformat(), self.pk]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            moment, pk = json.loads(raw)
            changed_at = datetime.datetime.fromisoformat(moment)
            if changed_at.tzinfo is None or not isinstance(pk, int):
                return None
            return cls(changed_at, pk)
        except (ValueError, TypeError):
            return None


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
    """Inspections in reach that changed after the cursor, oldest change first, with whether each
    is still in view. Only changes older than the settling time are given, so a transaction that
    commits late with an earlier moment is still reported on the next poll."""
    horizon = timezone.now() - datetime.timedelta(seconds=settings.API_CHANGES_SETTLE_SECONDS)
    qs = (
        _with_changed_at(_in_reach(inspectorate))
        .filter(changed_at__lte=horizon)
        .filter(changed_at__gte=after.changed_at)
        .exclude(changed_at=after.changed_at, pk__lte=after.pk)
        .order_by("changed_at", "pk")
    )
    rows = list(qs.values_list("pk", "changed_at")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    wanted = {pk for pk, _ in rows}
    in_view = {i.pk: i for i in inspections_for(inspectorate).filter(pk__in=wanted)}
    left = {i.pk: i for i in Inspection.objects.filter(pk__in=wanted - set(in_view)).only("pk", "reference")}
    changes = [
        Change(inspection=in_view.get(pk) or left[pk], changed_at=changed_at, in_view=pk in in_view)
        for pk, changed_at in rows
    ]
    next_cursor = Cursor(rows[-1][1], rows[-1][0]) if rows else after
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
