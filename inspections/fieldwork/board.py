"""The evidence board: an inspection's records filtered by scope area, agency, weight, kind and
inspectorate; the number of strengths and areas for improvement per agency and scope area; the
emerging findings day by day.

`BoardFilter` is the one filter: the board's list, its counts and the emerging-findings form's
choice of records all read records through `BoardFilter.apply`. The board runs a fixed number of
queries whatever the number of records (a page of records at a time).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet

from inspections.models import Inspection

from .models import EmergingFinding, EvidenceKind, EvidenceRecord, Weight
from .selectors import Options, emerging_findings_of, options_for, records_of

PER_PAGE = 50

_Agencies = EvidenceRecord.agencies.through
_ScopeAreas = EvidenceRecord.scope_areas.through


@dataclass(frozen=True)
class FilterSpec:
    label: str


FILTERS = {
    "scope_area": FilterSpec("Part of the scope"),
    "agency": FilterSpec("Agency"),
    "weight": FilterSpec("Weight"),
    "kind": FilterSpec("Kind"),
    "inspectorate": FilterSpec("Inspectorate"),
}


@dataclass(frozen=True)
class BoardFilter:
    """Each filter a key as the form sends it: a scope area's code, an agency's id, a weight, a
    kind, an inspectorate's code. Empty: every record."""

    scope_area: str = ""
    agency: str = ""
    weight: str = ""
    kind: str = ""
    inspectorate: str = ""

    def q(self) -> Q:
        q = Q()
        if self.scope_area:
            q &= Q(pk__in=_ScopeAreas.objects.filter(scopearea__code=self.scope_area).values("evidencerecord_id"))
        if self.agency:
            agency = int(self.agency) if self.agency.isdigit() else 0
            q &= Q(pk__in=_Agencies.objects.filter(agency_id=agency).values("evidencerecord_id"))
        if self.weight:
            q &= Q(weight=self.weight)
        if self.kind:
            q &= Q(kind=self.kind)
        if self.inspectorate:
            q &= Q(inspectorate__code=self.inspectorate)
        return q

    def apply(self, records: QuerySet[EvidenceRecord]) -> QuerySet[EvidenceRecord]:
        return records.filter(self.q())

    @property
    def is_set(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def as_query(self) -> str:
        return urlencode({f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)})


def filter_choices(options: Options, inspectorates) -> dict[str, list[tuple[str, str]]]:
    return {
        "scope_area": [(code, s.name) for code, s in options.scope_areas.items()],
        "agency": [(str(pk), a.name) for pk, a in options.agencies.items()],
        "weight": list(Weight.choices),
        "kind": list(EvidenceKind.choices),
        "inspectorate": [(i.code, i.short_name) for i in inspectorates],
    }


@dataclass(frozen=True)
class CountRow:
    agency: str
    cells: list[tuple[int, int]]  # (strengths, areas for improvement) per scope area, in order


@dataclass
class Board:
    inspection: Inspection
    options: Options
    chosen: BoardFilter
    page: object
    total: int
    scope_area_names: list[str]
    counts: list[CountRow]
    days: list[tuple[object, list[EmergingFinding]]] = field(default_factory=list)


def counts_of(records: QuerySet[EvidenceRecord], options: Options) -> list[CountRow]:
    """Strengths and areas for improvement per agency and scope area, one query: a record counts
    once in each (agency, scope area) pair it names; a record naming no agency is not counted."""
    rows = (
        records.order_by()
        .filter(agencies__isnull=False, scope_areas__isnull=False)
        .values("agencies", "scope_areas")
        .annotate(
            strengths=Count("pk", filter=Q(weight=Weight.STRENGTH), distinct=True),
            improvements=Count("pk", filter=Q(weight=Weight.IMPROVEMENT), distinct=True),
        )
    )
    found: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        found[row["agencies"]][row["scope_areas"]] = (row["strengths"], row["improvements"])
    areas = list(options.scope_areas.values())
    return [
        CountRow(agency=agency.name, cells=[found[pk].get(area.pk, (0, 0)) for area in areas])
        for pk, agency in options.agencies.items()
        if pk in found
    ]


def board_of(inspection: Inspection, chosen: BoardFilter, *, page_number=1, options: Options | None = None) -> Board:
    options = options or options_for(inspection)
    records = chosen.apply(records_of(inspection))
    page = Paginator(records, PER_PAGE).get_page(page_number)
    findings = emerging_findings_of(inspection)
    by_day: dict[object, list[EmergingFinding]] = defaultdict(list)
    for finding in findings:
        by_day[finding.day].append(finding)
    return Board(
        inspection=inspection,
        options=options,
        chosen=chosen,
        page=page,
        total=page.paginator.count,
        scope_area_names=[s.name for s in options.scope_areas.values()],
        counts=counts_of(chosen.apply(EvidenceRecord.objects.filter(inspection=inspection)), options),
        days=sorted(by_day.items()),
    )
