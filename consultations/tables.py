"""The published tables, as a government outcome document prints them.

Every count comes from one grouped statement in the database (plus the definition), never
from loading answers into Python, so a million respondents cost the same number of queries
as ten. One statement sees one snapshot: a reader while an import commits gets the counts
from before it or after it, never half of each."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from .models import DID_NOT_ANSWER, Consultation, QuestionKind, Respondent


def percent_half_up(count: int, answered: int) -> int:
    """Whole-number percentage rounded half up (2.5 -> 3), in integers so no float error
    can tip a .5 the wrong way. Nobody answered: 0."""
    if not answered:
        return 0
    return (200 * count + answered) // (2 * answered)


@dataclass
class Row:
    channel: str  # a channel code or "total"
    label: str
    answered: int
    counts: dict[str, int]
    percentages: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int, int]]:
        return [(option, self.counts[option], self.percentages[option]) for option in self.counts]

    def as_dict(self) -> dict:
        return {
            "channel": self.channel,
            "answered": self.answered,
            "counts": dict(self.counts),
            "percentages": dict(self.percentages),
        }


@dataclass
class QuestionTable:
    code: str
    text: str
    part: str
    options: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return self.rows[-1]


@dataclass
class Tables:
    responses: list[tuple[str, str, int]]  # (code, label, n), total last
    sector_channels: list[str]
    sectors: list[tuple[str, int]]  # (label, n), "Did not answer" last
    questions: list[QuestionTable]

    @property
    def total_responses(self) -> int:
        return self.responses[-1][2]

    @property
    def sector_total(self) -> int:
        return sum(n for _, n in self.sectors)

    def as_dict(self) -> dict:
        return {
            "responses": {code: n for code, _, n in self.responses},
            "sectors": dict(self.sectors),
            "questions": [{"code": q.code, "rows": [r.as_dict() for r in q.rows]} for q in self.questions],
        }


def counts_sql() -> str:
    """Respondents by (channel, sector), then chosen options by (channel, option): one statement.

    Rows are (kind, channel id, sector or option id, n): kind 0 counts respondents, kind 1
    options. PostgreSQL unnests the respondents' `integer[]`; SQLite reads its JSON list."""
    respondents = Respondent._meta.db_table
    chosen = "unnest(r.options) o(value)" if connection.vendor == "postgresql" else "json_each(r.options) o"
    # bandit: only the model's table name is formatted in; the consultation is a parameter.
    return f"""
        SELECT 0, r.channel_id, r.sector_id, count(*) FROM {respondents} r
        WHERE r.consultation_id = %(consultation)s GROUP BY r.channel_id, r.sector_id
        UNION ALL
        SELECT 1, r.channel_id, o.value, count(*) FROM {respondents} r CROSS JOIN {chosen}
        WHERE r.consultation_id = %(consultation)s GROUP BY r.channel_id, o.value
    """  # nosec B608


def consultation_counts(*, consultation: Consultation) -> tuple[dict, dict]:
    """{(channel id, sector id or None): respondents} and {(channel id, option id): choices}."""
    respondents: dict[tuple[int, int | None], int] = {}
    chosen: dict[tuple[int, int], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(counts_sql(), {"consultation": consultation.pk})
        for kind, channel_id, key, n in cursor.fetchall():
            (chosen if kind else respondents)[(channel_id, key)] = n
    return respondents, chosen


def consultation_tables(*, consultation: Consultation) -> Tables:
    channels = list(consultation.channels.all())
    sectors = list(consultation.sectors.all())
    questions = list(consultation.questions.filter(kind=QuestionKind.CHOICE).prefetch_related("options"))
    by_channel_sector, counts = consultation_counts(consultation=consultation)

    per_channel: dict[int, int] = {}
    for (channel_id, _), n in by_channel_sector.items():
        per_channel[channel_id] = per_channel.get(channel_id, 0) + n
    responses = [(c.code, c.label, per_channel.get(c.pk, 0)) for c in channels]
    responses.append(("total", "Total", sum(n for _, _, n in responses)))

    sector_channels = [c for c in channels if c.asks_sector]
    per_sector: dict[int | None, int] = {}
    for channel in sector_channels:
        for (channel_id, sector_id), n in by_channel_sector.items():
            if channel_id == channel.pk:
                per_sector[sector_id] = per_sector.get(sector_id, 0) + n
    sector_rows = [(s.label, per_sector.get(s.pk, 0)) for s in sectors]
    sector_rows.append((DID_NOT_ANSWER, per_sector.get(None, 0)))

    tables = []
    for question in questions:
        options = list(question.options.all())
        table = QuestionTable(question.code, question.text, question.part, [o.label for o in options])
        totals = dict.fromkeys(table.options, 0)
        for channel in channels:
            row_counts = {o.label: counts.get((channel.pk, o.pk), 0) for o in options}
            for label, n in row_counts.items():
                totals[label] += n
            table.rows.append(_row(channel.code, channel.label, row_counts))
        table.rows.append(_row("total", "Total", totals))
        tables.append(table)
    return Tables(responses, [c.label for c in sector_channels], sector_rows, tables)


def _row(code: str, label: str, counts: dict[str, int]) -> Row:
    answered = sum(counts.values())
    return Row(code, label, answered, counts, {k: percent_half_up(n, answered) for k, n in counts.items()})
