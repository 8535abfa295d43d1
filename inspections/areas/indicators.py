"""The layout of the Department for Education's statistics files, read into indicator values.

One row per geography and period: `time_period` (`201415`, or `2015`: the year to 31 March 2015),
`geographic_level` (`National`, `Regional`, `Local authority`…), `new_la_code` (the ONS code) and
`la_name`, then one column per measure. Rows are matched to areas by ONS code, never by name (names
drift). Columns that no indicator reads are listed once and left alone; regional and other rows are
not read. A suppression symbol is a value not published, kept with its symbol. An unknown code, a
value that is not a number, or a second row for one area and period is an error naming its line and
column; any error and nothing is read (`parse` returns the errors and no values)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# The symbols the statistics service and its predecessors use for a value they do not publish.
SUPPRESSION_SYMBOLS = frozenset({"c", "x", "z", "low", "k", "u", "~", ":", "..", "-", "*", "ns"})
REQUIRED_COLUMNS = ("time_period", "geographic_level", "new_la_code", "la_name")
# The rest of the publication's layout: where and when a row is, never a measure.
LAYOUT_COLUMNS = frozenset(
    {*REQUIRED_COLUMNS, "time_identifier", "country_code", "country_name", "region_code", "region_name", "old_la_code"}
)
NATIONAL = "national"
LOCAL_AUTHORITY = "local authority"
# How many errors a refused file lists: enough to fix a column, not a page of thousands.
MAX_ERRORS = 50

_FINANCIAL_YEAR = re.compile(r"^(\d{4})(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ParsedValue:
    column: str
    area_id: int | None  # None: England
    year: int
    value: Decimal | None
    symbol: str


@dataclass
class Parsed:
    values: list[ParsedValue] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows_skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def years(self) -> list[int]:
        return sorted({v.year for v in self.values})


def year_of(period: str) -> int | None:
    """`201415` and `2015` are both the year to 31 March 2015; anything else is not a period."""
    period = period.strip()
    match = _FINANCIAL_YEAR.match(period)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        return start + 1 if (start + 1) % 100 == end else None
    return int(period) if _YEAR.match(period) else None


def year_label(year: int) -> str:
    """How the publication names the year to 31 March `year`: “2014 to 2015”."""
    return f"{year - 1} to {year}"


def _value(cell: str) -> tuple[Decimal | None, str] | None:
    """(value, symbol), or None for a cell that is neither a number nor a suppression symbol."""
    text = cell.strip()
    if text.lower() in SUPPRESSION_SYMBOLS:
        return None, text.lower()
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return (number, "") if number.is_finite() else None


def parse(text: str, *, columns: set[str], areas: Mapping[str, int]) -> Parsed:
    """Read `text` (a CSV file) for the indicator `columns`, matching rows to `areas` (ONS code to area id)."""
    parsed = Parsed()
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        parsed.errors.append(RowError(1, "", f"The file has no {', '.join(missing)} column: is it the right file?"))
        return parsed
    index = {name: i for i, name in enumerate(header)}
    parsed.columns = [c for c in header if c in columns]
    parsed.ignored_columns = [c for c in header if c not in columns and c not in LAYOUT_COLUMNS]
    if not parsed.columns:
        parsed.errors.append(RowError(1, "", "The file has no column that an indicator reads"))
        return parsed
    seen: dict[tuple[int | None, int], int] = {}
    for line, cells in enumerate(reader, start=2):
        if len(parsed.errors) >= MAX_ERRORS:
            break
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        level = cells[index["geographic_level"]].strip().lower()
        if level not in (NATIONAL, LOCAL_AUTHORITY):
            parsed.rows_skipped += 1
            continue
        year = year_of(cells[index["time_period"]])
        if year is None:
            parsed.errors.append(
                RowError(line, "time_period", f"“{cells[index['time_period']]}” is not a period like 201415 or 2015")
            )
            continue
        area_id = None
        if level == LOCAL_AUTHORITY:
            code = cells[index["new_la_code"]].strip()
            if code not in areas:
                name = cells[index["la_name"]].strip()
                parsed.errors.append(
                    RowError(line, "new_la_code", f"No area has the ONS code “{code}”" + (f" ({name})" if name else ""))
                )
                continue
            area_id = areas[code]
        if (area_id, year) in seen:
            parsed.errors.append(
                RowError(
                    line,
                    "time_period",
                    f"A second row for {'England' if area_id is None else cells[index['new_la_code']].strip()} "
                    f"in {year_label(year)}: the first is on line {seen[(area_id, year)]}",
                )
            )
            continue
        seen[(area_id, year)] = line
        for column in parsed.columns:
            cell = cells[index[column]]
            if not cell.strip():
                continue  # Nothing published nor withheld: no value to keep.
            read = _value(cell)
            if read is None:
                parsed.errors.append(
                    RowError(line, column, f"“{cell.strip()}” is not a number or a suppression symbol (c, x, z, low…)")
                )
                continue
            parsed.values.append(ParsedValue(column, area_id, year, *read))
    if parsed.errors:
        parsed.values = []
    return parsed
