"""PostgreSQL's import of responses: COPY into a staging table, check with SQL, INSERT … SELECT.

Python touches each distinct channel, sector and option value once (a few dozen strings), never
each row: the rows are checked and written by set-based statements whose number does not grow
with the file. Only the bad rows that are listed come back to Python, to be named in the same
words as the row-by-row import (`imports._parse_row`), which SQLite still uses.

PostgreSQL's CSV reader refuses some files that Python's reads: a blank line, a row with too
few or too many values, a broken quote. Those raise `StagingRefused` before anything is written,
and the caller imports the file row by row instead, which names the bad rows as before."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from django.db import connection, transaction

from .models import Answer, Respondent

# Python's str.strip() removes exactly these (str.isspace); btrim with them gives the same value.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A line holding only `\.` ends COPY's input even in CSV: such a file is read row by row.
_END_OF_DATA = re.compile(rb"(?:^|[\r\n])\\\.(?:[\r\n]|$)")
COPY_CHUNK = 1 << 20
# Progress is reported every this many bytes sent to COPY.
PROGRESS_BYTES = 8 << 20
CHANNEL, SECTOR = -1, -2


class StagingRefused(Exception):
    """PostgreSQL's CSV reader cannot take this file; nothing was written."""


@dataclass
class Columns:
    """Where each field is in the file: the staging table's columns are c0, c1, … in file order."""

    respondent_id: str
    channel: str
    sector: str
    all: list[str]
    # question id -> staging column, closed and free-text questions
    choice: dict[int, str]
    text: dict[int, str]


def has_end_of_data_line(chunk: bytes) -> bool:
    return _END_OF_DATA.search(chunk) is not None


def _columns(defn, header: list[str]) -> Columns:
    at = {name: f"c{i}" for i, name in enumerate(header)}
    return Columns(
        respondent_id=at["respondent_id"],
        channel=at["channel"],
        sector=at["sector"],
        all=[f"c{i}" for i in range(len(header))],
        choice={q.pk: at[q.code] for q in defn.questions if q.is_choice},
        text={q.pk: at[q.code] for q in defn.questions if not q.is_choice},
    )


def _copy(cursor, table: str, cols: Columns, file, progress) -> None:
    file.seek(0)
    lines = sent = reported = 0
    try:
        with cursor.cursor.copy(
            f"COPY {table} ({', '.join(cols.all)}) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
        ) as copy:
            while chunk := file.read(COPY_CHUNK):
                copy.write(chunk)
                sent += len(chunk)
                lines += chunk.count(b"\n")
                if progress and sent - reported >= PROGRESS_BYTES:
                    progress(max(lines - 1, 0), sent)
                    reported = sent
    except psycopg.errors.DataError as exc:
        raise StagingRefused(str(exc)) from None


def _lookups(cursor, table: str, cols: Columns, defn) -> tuple[list[tuple[int, str, int]], dict]:
    """Each distinct channel, sector and option value, resolved the way `_parse_row` does.

    Returns the rows of the lookup table (key, raw value, id) and the raw values that are bad,
    by key: a channel or sector no one defined, an option not of its question."""
    pairs = [f"({CHANNEL}, {cols.channel})", f"({SECTOR}, {cols.sector})"]
    pairs += [f"({qid}, {col})" for qid, col in cols.choice.items()]
    cursor.execute(
        # bandit: only generated column names and integer ids are formatted into the statement.
        f"SELECT DISTINCT t.k, coalesce(t.v, '') FROM {table} s, LATERAL (VALUES {', '.join(pairs)}) t(k, v)"  # nosec B608
    )
    resolved: list[tuple[int, str, int]] = []
    bad: dict[int, list[str]] = {}
    for key, raw in cursor.fetchall():
        value = raw.strip()
        if key == CHANNEL:
            found = defn.channels.get(value)
            if found is None:
                bad.setdefault(key, []).append(raw)
                continue
        elif not value:
            continue
        elif key == SECTOR:
            found = defn.sectors.get(value.casefold())
        else:
            found = defn.options[key].get(value.casefold())
        if found is None:
            bad.setdefault(key, []).append(raw)
        else:
            resolved.append((key, raw, found))
    return resolved, bad


def _row_errors_sql(cols: Columns, defn, resolved: list, bad: dict) -> tuple[str, dict]:
    """How many of `_parse_row`'s reasons a row of the staging table `s` has, as SQL."""
    rid = f"btrim(coalesce(s.{cols.respondent_id}, ''), %(ws)s)"
    channel = f"coalesce(s.{cols.channel}, '')"
    sector = f"coalesce(s.{cols.sector}, '')"
    no_sector_raws = [raw for key, raw, pk in resolved if key == CHANNEL and not defn.asks_sector[pk]]
    sector_raws = [raw for key, raw, _ in resolved if key == SECTOR]
    parts = [f"({rid} = '')::int", f"(char_length({rid}) > %(max_rid)s)::int"]
    params = {"ws": WHITESPACE, "max_rid": Respondent._meta.get_field("respondent_id").max_length}
    if CHANNEL in bad:
        parts.append(f"({channel} = ANY(%(bad_channel)s))::int")
        params["bad_channel"] = bad[CHANNEL]
    if SECTOR in bad:
        parts.append(f"({sector} = ANY(%(bad_sector)s))::int")
        params["bad_sector"] = bad[SECTOR]
    if no_sector_raws and sector_raws:
        # A known sector given for a known channel that asks for none.
        parts.append(f"({channel} = ANY(%(no_sector)s) AND {sector} = ANY(%(known_sector)s))::int")
        params |= {"no_sector": no_sector_raws, "known_sector": sector_raws}
    for qid, col in cols.choice.items():
        if qid in bad:
            parts.append(f"(coalesce(s.{col}, '') = ANY(%(bad_{qid})s))::int")
            params[f"bad_{qid}"] = bad[qid]
    return " + ".join(parts), params


def _blank_row(cols: Columns) -> str:
    return f"btrim(concat({', '.join('s.' + c for c in cols.all)}), %(ws)s) = ''"


def _line_breaks(cols: Columns) -> str:
    """Line breaks inside a row's quoted values (\\r\\n, \\r or \\n: each ends a line for Python's csv)."""
    cells = ", ".join("s." + c for c in cols.all)
    joined = f"replace(replace(concat_ws(' ', {cells}), E'\\r\\n', E'\\n'), E'\\r', E'\\n')"
    return f"length({joined}) - length(replace({joined}, E'\\n', ''))"


def import_staged(
    *,
    consultation,
    defn,
    header: list[str],
    file,
    import_id: int | None,
    result,
    error: Callable[[int, str], None],
    parse: Callable[[list[str], int], list[str]],
    max_listed: int,
    progress=None,
) -> None:
    """Stage, check and (when every row is good) write one file; the caller's transaction holds it all.

    Fills `result` (rows, created, unchanged) and calls `error(line, reason)` for the first
    `max_listed` reasons in line order; `result.error_count` counts them all."""
    cols = _columns(defn, header)
    suffix = uuid.uuid4().hex[:12]
    # Unlogged and private to this transaction: created, filled and dropped inside it, and
    # gone with it if anything fails.
    staging, lookup = f"consultations_staging_{suffix}", f"consultations_lookup_{suffix}"
    respondents, answers = Respondent._meta.db_table, Answer._meta.db_table
    with connection.cursor() as cursor:
        with transaction.atomic():
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [respondents])
            sequence = cursor.fetchone()[0]
            # Each row's respondent id, drawn in the file's order: it orders the rows too.
            cursor.execute(
                f"CREATE UNLOGGED TABLE {staging} (n bigint DEFAULT nextval('{sequence}'), "
                + ", ".join(f"{c} text" for c in cols.all)
                + ")"
            )
            _copy(cursor, staging, cols, file, progress)
        resolved, bad = _lookups(cursor, staging, cols, defn)
        cursor.execute(f"CREATE UNLOGGED TABLE {lookup} (k integer, v text, id integer)")
        with cursor.cursor.copy(f"COPY {lookup} (k, v, id) FROM STDIN") as copy:
            for row in resolved:
                copy.write_row(row)
        # Without statistics the planner guesses a large lookup table and sorts millions of
        # answers to merge-join them with it, instead of hashing a few dozen values.
        cursor.execute(f"ANALYZE {lookup}")
        row_errors, params = _row_errors_sql(cols, defn, resolved, bad)
        rid = f"btrim(coalesce(s.{cols.respondent_id}, ''), %(ws)s)"
        params |= {"consultation": consultation.pk, "import": import_id, "max_listed": max_listed}
        cursor.execute(
            # bandit: only generated table and column names are formatted in; values are parameters.
            f"""
            WITH rows AS MATERIALIZED (
                SELECT s.n, {rid} AS rid, {row_errors} AS errors FROM {staging} s WHERE NOT ({_blank_row(cols)})
            ), firsts AS (
                SELECT rid, min(n) AS first FROM rows WHERE errors = 0 GROUP BY rid HAVING count(*) > 1
            ), duplicates AS (
                SELECT r.n, f.first FROM rows r JOIN firsts f USING (rid) WHERE r.errors = 0 AND r.n <> f.first
            ), before AS MATERIALIZED (
                SELECT r.n, r.rid, e.id, e.channel_id, e.sector_id FROM rows r
                JOIN {respondents} e ON e.consultation_id = %(consultation)s AND e.respondent_id = r.rid
                WHERE r.errors = 0 AND NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.n = r.n)
            ), now AS (
                SELECT b.n, b.id, a.question_id, coalesce(l.id, 0) AS option_id,
                    CASE WHEN l.id IS NULL THEN btrim(a.v, %(ws)s) ELSE '' END AS text
                FROM before b JOIN {staging} s ON s.n = b.n
                CROSS JOIN LATERAL (VALUES {_answer_pairs(cols)}) a(question_id, v)
                LEFT JOIN {lookup} l ON l.k = a.question_id AND l.v = a.v
                WHERE (l.id IS NOT NULL OR a.question_id = ANY(%(text_questions)s))
                    AND btrim(coalesce(a.v, ''), %(ws)s) <> ''
            ), was AS (
                SELECT a.respondent_id AS id, a.question_id, coalesce(a.option_id, 0) AS option_id, a.text
                FROM {answers} a WHERE a.respondent_id IN (SELECT id FROM before)
            ), differing AS (
                SELECT DISTINCT coalesce(now.id, was.id) AS id FROM now FULL JOIN was
                ON now.id = was.id AND now.question_id = was.question_id
                    AND now.option_id = was.option_id AND now.text = was.text
                WHERE now.id IS NULL OR was.id IS NULL
            ), changed AS (
                SELECT b.n FROM before b
                JOIN {staging} s ON s.n = b.n
                LEFT JOIN {lookup} lc ON lc.k = {CHANNEL} AND lc.v = coalesce(s.{cols.channel}, '')
                LEFT JOIN {lookup} ls ON ls.k = {SECTOR} AND ls.v = coalesce(s.{cols.sector}, '')
                WHERE lc.id IS DISTINCT FROM b.channel_id OR ls.id IS DISTINCT FROM b.sector_id
                    OR b.id IN (SELECT id FROM differing)
            ), bad AS (
                SELECT n, 'row' AS kind, errors, NULL::bigint AS first FROM rows WHERE errors > 0
                UNION ALL SELECT n, 'duplicate', 1, first FROM duplicates
                UNION ALL SELECT n, 'changed', 1, NULL FROM changed
            ), listed AS (
                SELECT n, kind, first FROM bad ORDER BY n LIMIT %(max_listed)s
            )
            SELECT 'counts', (SELECT count(*) FROM rows), (SELECT coalesce(sum(errors), 0) FROM bad),
                (SELECT count(*) FROM before) - (SELECT count(*) FROM changed), NULL
            UNION ALL
            SELECT kind, n, first, NULL, NULL FROM listed
            """,  # nosec B608
            params | {"text_questions": list(cols.text)},
        )
        found = cursor.fetchall()
        _, result.rows, result.error_count, result.unchanged, _ = found[0]
        if result.error_count:
            _report(cursor, staging, cols, found[1:], error, parse, max_listed)
            return
        cursor.execute(_write_sql(cols, staging, lookup, respondents, answers, rid, result.unchanged > 0), params)
        result.created = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {staging}, {lookup}")


def _write_sql(cols: Columns, staging: str, lookup: str, respondents: str, answers: str, rid: str, some_before: bool):
    """One statement writes the respondents and their answers.

    Each staged row already holds its respondent's id (`n`, drawn from the respondents'
    sequence by COPY), so answers need no join back to the respondents. Blank rows, whose
    channel is blank, drop out with the join to the channel lookup. Respondents imported before
    (all unchanged, or the file would have failed) are left out when there are any; the
    statement's snapshot does not see its own inserts, so the same test serves both tables."""
    new = (
        f"""NOT EXISTS (
        SELECT 1 FROM {respondents} e WHERE e.consultation_id = %(consultation)s AND e.respondent_id = {rid}
    )"""  # nosec B608: table and column names from the code (c0, c1, …), values as parameters
        if some_before
        else "true"
    )
    rows = f"""(SELECT s.*, lc.id AS channel_id FROM {staging} s
        JOIN {lookup} lc ON lc.k = {CHANNEL} AND lc.v = coalesce(s.{cols.channel}, '') WHERE {new}) s"""  # nosec B608
    writes = []
    if cols.choice:
        pairs = ", ".join(f"({qid}, s.{col})" for qid, col in cols.choice.items())
        writes.append(
            f"""SELECT s.n, a.question_id, s.channel_id, l.id, '' FROM {rows}
            CROSS JOIN LATERAL (VALUES {pairs}) a(question_id, v)
            JOIN {lookup} l ON l.k = a.question_id AND l.v = a.v"""  # nosec B608
        )
    if cols.text:
        pairs = ", ".join(f"({qid}, s.{col})" for qid, col in cols.text.items())
        writes.append(
            f"""SELECT s.n, a.question_id, s.channel_id, NULL::integer, btrim(a.v, %(ws)s) FROM {rows}
            CROSS JOIN LATERAL (VALUES {pairs}) a(question_id, v) WHERE btrim(coalesce(a.v, ''), %(ws)s) <> ''"""  # nosec B608
        )
    answer_insert = (
        f"""), written AS (
            INSERT INTO {answers} (respondent_id, question_id, channel_id, option_id, text)
            {" UNION ALL ".join(writes)}"""
        if writes
        else ""
    )
    # bandit: only generated table and column names are formatted in; values are parameters.
    return f"""
        WITH new AS (
            INSERT INTO {respondents} (id, consultation_id, respondent_id, channel_id, sector_id, response_import_id)
            SELECT s.n, %(consultation)s, {rid}, s.channel_id, ls.id, %(import)s FROM {rows}
            LEFT JOIN {lookup} ls ON ls.k = {SECTOR} AND ls.v = coalesce(s.{cols.sector}, '')
            RETURNING 1
        {answer_insert}
        )
        SELECT count(*) FROM new
    """  # nosec B608


def _answer_pairs(cols: Columns) -> str:
    return ", ".join(f"({qid}, s.{col})" for qid, col in {**cols.choice, **cols.text}.items())


def _report(cursor, staging: str, cols: Columns, listed: list[tuple], error, parse, max_listed: int) -> None:
    """Name the listed bad rows by line, in the words `_parse_row` uses."""
    wanted = sorted({row[1] for row in listed} | {row[2] for row in listed if row[2] is not None})
    cursor.execute(
        # bandit: only generated table and column names are formatted in; values are parameters.
        f"""
        WITH breaks AS MATERIALIZED (
            SELECT s.n, {_line_breaks(cols)} AS breaks FROM {staging} s
            WHERE concat({", ".join("s." + c for c in cols.all)}) ~ '[\\r\\n]'
        ), ordinals AS (
            SELECT n, row_number() OVER (ORDER BY n) AS ordinal FROM {staging}
        )
        SELECT s.n, 1 + o.ordinal + coalesce((SELECT sum(b.breaks) FROM breaks b WHERE b.n < s.n), 0),
            {", ".join("coalesce(s." + c + ", '')" for c in cols.all)}
        FROM {staging} s JOIN ordinals o USING (n) WHERE s.n = ANY(%s)
        """,  # nosec B608
        [wanted],
    )
    rows = {n: (line, list(cells)) for n, line, *cells in cursor.fetchall()}
    rid_at = cols.all.index(cols.respondent_id)
    reported = 0
    for kind, n, first, *_ in listed:
        line, cells = rows[n]
        if kind == "row":
            reasons = parse(cells, line)
        elif kind == "duplicate":
            reasons = [f"duplicate respondent {cells[rid_at].strip()!r} (first on line {rows[first][0]})"]
        else:
            reasons = [f"respondent {cells[rid_at].strip()!r} was already imported with different answers"]
        for reason in reasons:
            if reported < max_listed:
                error(line, reason)
                reported += 1
