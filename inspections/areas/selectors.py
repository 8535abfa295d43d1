"""Reads for an area's record and the choosing page, in a fixed number of queries. Selectors write nothing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from inspections import permissions
from inspections.calendar import add_months
from inspections.models import Area, Inspection, Stage
from inspections.reports import selectors as reports

from .access import keeps_area_records
from .indicators import Parsed, parse, year_label
from .models import (
    Better,
    EvaluationKind,
    GoodPracticeNote,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    IntelligenceNote,
    OtherEvaluation,
)
from .statement_models import StatementStatus, WrittenStatement

# ---- Imports ---------------------------------------------------------------------------------------


def indicator_lookups() -> tuple[dict[str, Indicator], dict[str, int]]:
    """The indicators by the column they read, and the areas' ids by ONS code."""
    indicators = {i.source_column: i for i in Indicator.objects.all()}
    areas = dict(Area.objects.values_list("ons_code", "pk"))
    return indicators, areas


def import_parse(text: str) -> tuple[Parsed, dict[str, Indicator]]:
    indicators, areas = indicator_lookups()
    return parse(text, columns=set(indicators), areas=areas), indicators


@dataclass(frozen=True)
class Change:
    """What confirming an import does to one indicator in one year."""

    indicator: str
    year: str
    added: int
    changed: int
    unchanged: int
    removed: int
    examples: list[str]


def _shown(value: Decimal | None, symbol: str) -> str:
    return f"not published ({symbol})" if value is None else f"{value.quantize(Decimal('0.1')):f}"


def import_changes(parsed: Parsed, indicators: dict[str, Indicator], *, examples: int = 5) -> list[Change]:
    """Indicator by indicator and year: the values a file adds, changes, leaves as they are, and the
    ones it removes (a value for an area the new file has none for, in a year it replaces)."""
    pairs = {(indicators[v.column].pk, v.year) for v in parsed.values}
    years = {year for _, year in pairs}
    existing = {
        (row.indicator_id, row.area_id, row.year): row
        for row in IndicatorValue.objects.filter(indicator__in=[pk for pk, _ in pairs], year__in=years)
        if (row.indicator_id, row.year) in pairs
    }
    names = dict(
        Area.objects.filter(pk__in={a for _, a, _ in existing} | {v.area_id for v in parsed.values}).values_list(
            "pk", "name"
        )
    )
    by_pair: dict[tuple[int, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    kept = set()
    for value in parsed.values:
        indicator = indicators[value.column]
        key = (indicator.pk, value.area_id, value.year)
        where = names.get(value.area_id, "England")
        old = existing.get(key)
        kept.add(key)
        bucket = by_pair[(indicator.pk, value.year)]
        if old is None:
            bucket["added"].append(f"{where}: {_shown(value.value, value.symbol)}")
        elif (old.value, old.symbol) == (value.value, value.symbol):
            bucket["unchanged"].append(where)
        else:
            bucket["changed"].append(
                f"{where}: {_shown(old.value, old.symbol)} becomes {_shown(value.value, value.symbol)}"
            )
    for key, old in existing.items():
        if key not in kept:
            by_pair[(key[0], key[2])]["removed"].append(f"{names.get(old.area_id, 'England')}: removed")
    by_pk = {i.pk: i for i in indicators.values()}
    changes = []
    for (indicator_pk, year), bucket in sorted(by_pair.items(), key=lambda kv: (by_pk[kv[0][0]].order, kv[0][1])):
        changes.append(
            Change(
                indicator=by_pk[indicator_pk].name,
                year=year_label(year),
                added=len(bucket["added"]),
                changed=len(bucket["changed"]),
                unchanged=len(bucket["unchanged"]),
                removed=len(bucket["removed"]),
                examples=(bucket["changed"] + bucket["removed"] + bucket["added"])[:examples],
            )
        )
    return changes


def imports_recent(limit: int = 10) -> list[IndicatorImport]:
    return list(IndicatorImport.objects.select_related("uploaded_by", "applied_by")[:limit])


# ---- Indicator series -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    year: int
    label: str
    value: Decimal | None
    symbol: str
    england: Decimal | None
    # Against England in the same year, and against the area's previous published year.
    from_england: Decimal | None
    from_england_better: bool | None
    change: Decimal | None
    change_better: bool | None

    @property
    def shown(self) -> str:
        return _shown(self.value, self.symbol)

    @property
    def change_words(self) -> str:
        """The change since the previous published year, in words and a text arrow, readable without colour."""
        return _words(self.change, self.change_better, up="▲ Up", down="▼ Down", same="No change")

    @property
    def from_england_words(self) -> str:
        return _words(
            self.from_england,
            self.from_england_better,
            up="Above England by",
            down="Below England by",
            same="Same as England",
        )


def _number(value: Decimal) -> str:
    return f"{abs(value).quantize(Decimal('0.1')):f}"


def _words(difference: Decimal | None, better: bool | None, *, up: str, down: str, same: str) -> str:
    if difference is None:
        return ""
    if difference == 0:
        return same
    judged = "" if better is None else (", better" if better else ", worse")
    return f"{up if difference > 0 else down} {_number(difference)}{judged}"


def _better(difference: Decimal | None, better: str) -> bool | None:
    if difference is None or difference == 0:
        return None
    return (difference > 0) == (better == Better.HIGHER)


def _difference(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    return value - other if value is not None and other is not None else None


def _point(
    indicator: Indicator, row: IndicatorValue, national: Decimal | None, previous: Decimal | None = None
) -> Point:
    """A year's value, against England's that year and the area's `previous` published value."""
    from_england = _difference(row.value, national)
    change = _difference(row.value, previous)
    return Point(
        year=row.year,
        label=year_label(row.year),
        value=row.value,
        symbol=row.symbol,
        england=national,
        from_england=from_england,
        from_england_better=_better(from_england, indicator.better),
        change=change,
        change_better=_better(change, indicator.better),
    )


@dataclass
class Series:
    indicator: Indicator
    points: list[Point]
    chart: dict = field(default_factory=dict)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 300, 120, 14


def _chart(points: list[Point]) -> dict:
    """Coordinates for a small line chart: the area solid with round markers, England dashed with
    square ones, so that it reads without colour. Values not published leave a gap."""
    numbers = [p for point in points for p in (point.value, point.england) if p is not None]
    if not numbers or len(points) < 2:
        return {}
    low, high = min(numbers), max(numbers)
    span = (high - low) or Decimal(1)
    step = (CHART_WIDTH - 2 * CHART_PAD) / (len(points) - 1)

    def xy(i: int, value: Decimal) -> tuple[float, float]:
        y = CHART_HEIGHT - CHART_PAD - float((value - low) / span) * (CHART_HEIGHT - 2 * CHART_PAD)
        return round(CHART_PAD + i * step, 1), round(y, 1)

    area = [xy(i, p.value) for i, p in enumerate(points) if p.value is not None]
    england = [xy(i, p.england) for i, p in enumerate(points) if p.england is not None]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "area": area,
        "england": [(round(x - 4, 1), round(y - 4, 1)) for x, y in england],
        "frame": (CHART_WIDTH - 1, CHART_HEIGHT - 1),
        "area_line": " ".join(f"{x},{y}" for x, y in area),
        "england_line": " ".join(f"{x},{y}" for x, y in england),
        "first": points[0].label,
        "last": points[-1].label,
    }


def series_for(area: Area, indicators: list[Indicator]) -> list[Series]:
    """Each indicator's values for the area over the years, beside England's: two queries."""
    values = defaultdict(dict)
    for row in IndicatorValue.objects.filter(area=area).only("indicator_id", "year", "value", "symbol"):
        values[row.indicator_id][row.year] = row
    england = defaultdict(dict)
    for row in IndicatorValue.objects.filter(area__isnull=True).only("indicator_id", "year", "value"):
        england[row.indicator_id][row.year] = row.value
    series = []
    for indicator in indicators:
        points, previous = [], None
        for year in sorted(values[indicator.pk]):
            row = values[indicator.pk][year]
            points.append(_point(indicator, row, england[indicator.pk].get(year), previous))
            if row.value is not None:
                previous = row.value
        series.append(Series(indicator=indicator, points=points, chart=_chart(points)))
    return series


# ---- The area's page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionRecord:
    inspection: Inspection
    letter: object | None
    recommendations: list


@dataclass
class AreaPage:
    area: Area
    inspections: list[InspectionRecord]
    series: list[Series]
    evaluations: list[OtherEvaluation]
    good_practice: list[GoodPracticeNote]
    # None for someone who may not know that intelligence exists.
    intelligence: list[IntelligenceNote] | None
    keeps_records: bool
    can_plan: bool


def area_page(*, user, area: Area) -> AreaPage:
    """What `user` may see of the area's record. The inspections are the ones they may know of;
    recommendations are those of published letters."""
    inspections = list(
        (permissions.visible_inspections(user) & Inspection.objects.filter(area=area))
        .select_related("framework", "theme")
        .order_by("-onsite_start")
    )
    published = reports.published_reports_of(inspections)
    keeper = keeps_area_records(user)
    return AreaPage(
        area=area,
        inspections=[InspectionRecord(i, *published.get(i.pk, (None, []))) for i in inspections],
        series=series_for(area, list(Indicator.objects.all())),
        evaluations=list(area.other_evaluations.all()),
        good_practice=list(area.good_practice_notes.select_related("recorded_by")),
        intelligence=list(area.intelligence_notes.select_related("recorded_by")) if keeper else None,
        keeps_records=keeper,
        can_plan=permissions.can_plan(user),
    )


# ---- Choosing areas -----------------------------------------------------------------------------------


def statements_awaiting_review() -> dict[int, datetime.datetime]:
    """When each area last sent a written statement of action that the lead inspector (or a manager)
    has not reviewed yet: sent, neither accepted nor sent back for changes. One query."""
    latest: dict[int, datetime.datetime] = {}
    sent = WrittenStatement.objects.filter(status=StatementStatus.SENT)
    for area_id, at in sent.values_list("inspection__area_id", "sent_at"):
        if area_id not in latest or at > latest[area_id]:
            latest[area_id] = at
    return latest


@dataclass(frozen=True)
class Latest:
    indicator: Indicator
    point: Point | None


@dataclass(frozen=True)
class LastInspection:
    on: datetime.date
    what: str


@dataclass
class AreaRow:
    area: Area
    latest: list[Latest]
    last_inspection: LastInspection | None
    statement_sent: datetime.datetime | None

    def distance(self, indicator_pk: int) -> Decimal | None:
        """How much worse than England the area is on an indicator (negative: better)."""
        for latest in self.latest:
            if latest.indicator.pk == indicator_pk and latest.point and latest.point.from_england is not None:
                sign = -1 if latest.indicator.better == Better.HIGHER else 1
                return sign * latest.point.from_england
        return None


def _latest_values() -> QuerySet[IndicatorValue]:
    """Each area's (and England's) latest year of each indicator: one query, whatever the years."""
    return (
        IndicatorValue.objects.annotate(
            newest=Window(RowNumber(), partition_by=[F("area_id"), F("indicator_id")], order_by=F("year").desc())
        )
        .filter(newest=1)
        .only("indicator_id", "area_id", "year", "value", "symbol")
    )


def _last_inspections(today: datetime.date) -> dict[int, LastInspection]:
    """The latest inspection of each area by this service (not cancelled, begun by `today`) or by
    another framework, as recorded among its other evaluations."""
    last: dict[int, LastInspection] = {}
    ours = (
        Inspection.objects.exclude(stage=Stage.CANCELLED)
        .filter(onsite_start__lte=today)
        .annotate(newest=Window(RowNumber(), partition_by=[F("area_id")], order_by=F("onsite_start").desc()))
        .filter(newest=1)
        .select_related("framework")
    )
    for inspection in ours:
        last[inspection.area_id] = LastInspection(inspection.onsite_start, inspection.framework.get_kind_display())
    theirs = (
        OtherEvaluation.objects.filter(kind__in=EvaluationKind.inspections(), date__lte=today)
        .annotate(newest=Window(RowNumber(), partition_by=[F("area_id")], order_by=F("date").desc()))
        .filter(newest=1)
    )
    for evaluation in theirs:
        known = last.get(evaluation.area_id)
        if known is None or evaluation.date > known.on:
            last[evaluation.area_id] = LastInspection(evaluation.date, evaluation.title)
    return last


SORTS = {
    "name": "Name",
    "region": "Region",
    "last_inspection": "Longest since an inspection",
    "statement": "Statement of action awaiting review",
}


@dataclass
class Choosing:
    rows: list[AreaRow]
    indicators: list[Indicator]
    regions: list[str]
    sort: str
    region: str
    uninspected_months: int | None
    awaiting_statement: bool
    total: int


def choosing_page(
    *,
    user,
    sort: str = "name",
    region: str = "",
    uninspected_months: int | None = None,
    awaiting_statement: bool = False,
) -> Choosing:
    """Every area with its latest indicators and their distance from England's, its last inspection
    of any kind and any statement of action awaiting review; filtered and sorted. Managers only.
    Seven queries, whatever the number of areas, indicators and years."""
    permissions.require(keeps_area_records(user))
    today = timezone.localdate()
    indicators = list(Indicator.objects.all())
    areas = list(Area.objects.all())
    latest: dict[tuple[int | None, int], IndicatorValue] = {}
    for row in _latest_values():
        latest[(row.area_id, row.indicator_id)] = row
    years_wanted = {row.year for row in latest.values()}
    england = {
        (row.indicator_id, row.year): row.value
        for row in IndicatorValue.objects.filter(area__isnull=True, year__in=years_wanted).only(
            "indicator_id", "year", "value"
        )
    }
    last = _last_inspections(today)
    statements = statements_awaiting_review()
    rows = []
    for area in areas:
        cells = []
        for indicator in indicators:
            row = latest.get((area.pk, indicator.pk))
            point = None if row is None else _point(indicator, row, england.get((indicator.pk, row.year)))
            cells.append(Latest(indicator, point))
        rows.append(AreaRow(area, cells, last.get(area.pk), statements.get(area.pk)))
    total = len(rows)
    if region:
        rows = [r for r in rows if r.area.region == region]
    if uninspected_months:
        since = add_months(today, -uninspected_months)
        rows = [r for r in rows if r.last_inspection is None or r.last_inspection.on < since]
    if awaiting_statement:
        rows = [r for r in rows if r.statement_sent is not None]
    rows = _sorted(rows, sort, indicators)
    return Choosing(
        rows=rows,
        indicators=indicators,
        regions=sorted({a.region for a in areas if a.region}),
        sort=sort,
        region=region,
        uninspected_months=uninspected_months,
        awaiting_statement=awaiting_statement,
        total=total,
    )


def sort_choices(indicators: list[Indicator]) -> list[tuple[str, str]]:
    return list(SORTS.items()) + [(f"indicator-{i.pk}", f"Furthest worse than England: {i.name}") for i in indicators]


def _sorted(rows: list[AreaRow], sort: str, indicators: list[Indicator]) -> list[AreaRow]:
    by_name = sorted(rows, key=lambda r: r.area.name)
    if sort == "region":
        return sorted(by_name, key=lambda r: r.area.region or "~")
    if sort == "last_inspection":
        return sorted(by_name, key=lambda r: r.last_inspection.on if r.last_inspection else datetime.date.min)
    if sort == "statement":
        return sorted(by_name, key=lambda r: r.statement_sent is None)
    if sort.startswith("indicator-") and sort[len("indicator-") :].isdigit():
        pk = int(sort[len("indicator-") :])
        if any(i.pk == pk for i in indicators):
            # Furthest worse first; areas with no comparison last.
            return sorted(by_name, key=lambda r: (r.distance(pk) is None, -(r.distance(pk) or 0)))
    return by_name


def evaluations_near(*, area: Area, onsite_start: datetime.date, months: int) -> list[OtherEvaluation]:
    """Inspections of the area by another framework within `months` of `onsite_start`, either side."""
    return list(
        OtherEvaluation.objects.filter(
            area=area,
            kind__in=EvaluationKind.inspections(),
            date__gt=add_months(onsite_start, -months),
            date__lt=add_months(onsite_start, months),
        ).order_by("date")
    )
