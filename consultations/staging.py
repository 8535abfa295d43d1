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
from django.db import DataError, IntegrityError, connection, transaction

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
                if progress:
                    lines += chunk.count(b"\n")
                if progress and sent - reported >= PROGRESS_BYTES:
                    progress(max(lines - 1, 0), sent)
                    reported = sent
    except psycopg.errors.DataError as exc:
        raise StagingRefused(str(exc)) from None


def _resolve(defn, key: int, raw: str) -> int | None:
    """The id a raw value stands for, by `_parse_row`'s rule; None for a blank sector or answer.

    Raises KeyError for a value that stands for nothing (a bad row)."""
    value = raw.strip()
    if key == CHANNEL:
        return defn.channels[value]
    if not value:
        return None
    if key == SECTOR:
        return defn.sectors[value.casefold()]
    return defn.options[key][value.casefold()]


# raw value -> id (None: blank), per key (CHANNEL, SECTOR or a closed question's id)
Mapping = dict[int, dict[str, int | None]]


def _labels(defn, cols: Columns) -> Mapping:
    """What a file written from the definition holds: each code and label exactly as defined."""
    mapping: Mapping = {CHANNEL: {}, SECTOR: {"": None}} | {qid: {"": None} for qid in cols.choice}
    candidates = [(CHANNEL, code) for code in defn.channel_codes] + [(SECTOR, label) for label in defn.sector_labels]
    candidates += [(qid, label) for qid in cols.choice for label in defn.option_labels[qid]]
    for key, raw in candidates:
        try:
            mapping[key][raw] = _resolve(defn, key, raw)
        except KeyError:
            continue
    return mapping


def _lookups(cursor, table: str, cols: Columns, defn) -> tuple[Mapping, dict]:
    """Each distinct channel, sector and option value in the file, resolved by `_resolve`.

    Returns the mapping of the values that resolve (or are blank) and the raw values that are
    bad, by key: a channel or sector no one defined, an option not of its question."""
    pairs = [f"({CHANNEL}, {cols.channel})", f"({SECTOR}, {cols.sector})"]
    pairs += [f"({qid}, {col})" for qid, col in cols.choice.items()]
    cursor.execute(
        # bandit: only generated column names and integer ids are formatted into the statement.
        f"SELECT DISTINCT t.k, coalesce(t.v, '') FROM {table} s, LATERAL (VALUES {', '.join(pairs)}) t(k, v)"  # nosec B608
    )
    mapping: Mapping = {CHANNEL: {}, SECTOR: {}} | {qid: {} for qid in cols.choice}
    bad: dict[int, list[str]] = {}
    for key, raw in cursor.fetchall():
        try:
            mapping[key][raw] = _resolve(defn, key, raw)
        except KeyError:
            bad.setdefault(key, []).append(raw)
    return mapping, bad


class _Sql:
    """Parameters gathered as the SQL that uses them is built."""

    def __init__(self, **params):
        self.params = {"ws": WHITESPACE} | params

    def param(self, value) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    def mapped(self, column: str, values: dict[str, int | None], unknown: str) -> str:
        """The id a staged value maps to: NULL for a blank, `unknown` for any value not in `values`."""
        whens = " ".join(
            f"WHEN {self.param(raw)} THEN {'NULL' if pk is None else int(pk)}" for raw, pk in values.items()
        )
        if not whens:
            return f"{unknown}::integer"
        return f"(CASE coalesce(s.{column}, '') {whens} ELSE {unknown} END)::integer"

    def written(self, column: str, values: dict[str, int | None], unknown: str) -> str:
        """As `mapped`, in the statement that writes, where each comparison is paid on every row:
        the blank is tried last, after the values most cells hold, and a NULL (COPY's unquoted
        blank) is left to `unknown`, which must be NULL for it."""
        ordered = sorted(values.items(), key=lambda item: item[0] == "")
        whens = " ".join(f"WHEN {self.param(raw)} THEN {'NULL' if pk is None else int(pk)}" for raw, pk in ordered)
        if not whens:
            return f"{unknown}::integer"
        return f"CASE s.{column} {whens} ELSE {unknown} END"


def _respondent_sql(sql: _Sql, cols: Columns, mapping: Mapping) -> dict[str, str]:
    """A staged row's channel, sector and chosen options, for comparing with what was imported
    before: an unmapped channel is NULL, an unmapped sector or option -1."""
    options = ", ".join(sql.mapped(col, mapping[qid], "-1") for qid, col in cols.choice.items())
    return {
        "channel": sql.mapped(cols.channel, mapping[CHANNEL], "NULL"),
        "sector": sql.mapped(cols.sector, mapping[SECTOR], "-1"),
        "options": f"ARRAY[{options}]::integer[]",
    }


def _row_errors_sql(sql: _Sql, cols: Columns, defn, mapping: Mapping, bad: dict) -> str:
    """How many of `_parse_row`'s reasons a row of the staging table `s` has, as SQL."""
    rid = f"btrim(coalesce(s.{cols.respondent_id}, ''), %(ws)s)"
    channel = f"coalesce(s.{cols.channel}, '')"
    sector = f"coalesce(s.{cols.sector}, '')"
    max_rid = Respondent._meta.get_field("respondent_id").max_length
    parts = [f"({rid} = '')::int", f"(char_length({rid}) > {sql.param(max_rid)})::int"]
    if CHANNEL in bad:
        parts.append(f"({channel} = ANY({sql.param(bad[CHANNEL])}))::int")
    if SECTOR in bad:
        parts.append(f"({sector} = ANY({sql.param(bad[SECTOR])}))::int")
    no_sector_raws = [raw for raw, pk in mapping[CHANNEL].items() if not defn.asks_sector[pk]]
    sector_raws = [raw for raw, pk in mapping[SECTOR].items() if pk is not None]
    if no_sector_raws and sector_raws:
        # A known sector given for a known channel that asks for none.
        no_sector, known = sql.param(no_sector_raws), sql.param(sector_raws)
        parts.append(f"({channel} = ANY({no_sector}) AND {sector} = ANY({known}))::int")
    for qid, col in cols.choice.items():
        if qid in bad:
            parts.append(f"(coalesce(s.{col}, '') = ANY({sql.param(bad[qid])}))::int")
    return " + ".join(parts)


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
    `max_listed` reasons in line order; `result.error_count` counts them all.

    First the file is written as it stands, every value mapped by the definition's own codes
    and labels, in one statement that fails on any row it cannot vouch for (an unknown or
    differently written value, a blank or too long respondent id, a sector for a channel that
    asks for none) and, through the unique index, on a respondent already in the file or
    imported before. That is the whole import of a clean new file. Otherwise the statement is
    rolled back and every row is checked and named, and the good file written, as below."""
    cols = _columns(defn, header)
    suffix = uuid.uuid4().hex[:12]
    # Unlogged and private to this transaction: created, filled and dropped inside it, and
    # gone with it if anything fails.
    staging = f"consultations_staging_{suffix}"
    params = {"consultation": consultation.pk, "import": import_id}
    with connection.cursor() as cursor:
        with transaction.atomic():
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Respondent._meta.db_table])
            sequence = cursor.fetchone()[0]
            # Each row's respondent id, drawn in the file's order: it orders the rows too.
            cursor.execute(
                f"CREATE UNLOGGED TABLE {staging} (n bigint DEFAULT nextval('{sequence}'), "
                + ", ".join(f"{c} text" for c in cols.all)
                + ")"
            )
            if cols.text:
                # COPY marks the rows with free text as it stages them, in a partial index.
                cursor.execute(f"CREATE INDEX {staging}_texts ON {staging} (n) WHERE {_text_given(cols)}")
            _copy(cursor, staging, cols, file, progress)
            texts = _texts_staged(cursor, staging) if cols.text else False
        try:
            with transaction.atomic():
                sql = _Sql(**params)
                cursor.execute(
                    _write_sql(sql, cols, defn, staging, _labels(defn, cols), "true", texts=texts, trim=False),
                    sql.params,
                )
                result.rows = result.created = cursor.rowcount
        except (IntegrityError, DataError):
            _check_and_write(cursor, consultation, cols, defn, staging, params, result, error, parse, max_listed, texts)
        cursor.execute(f"DROP TABLE {staging}")


def _texts_staged(cursor, staging: str) -> bool:
    """Whether any staged row has free text: an index with no entries is its metapage alone, so
    a file without any (most of a campaign's) is written in one scan of the staging table."""
    cursor.execute(
        "SELECT pg_relation_size(%s::regclass) > current_setting('block_size')::integer", [f"{staging}_texts"]
    )
    return cursor.fetchone()[0]


def _check_and_write(
    cursor, consultation, cols, defn, staging, params, result, error, parse, max_listed, texts: bool
) -> None:
    mapping, bad = _lookups(cursor, staging, cols, defn)
    sql = _Sql(**params, max_listed=max_listed)
    row_errors = _row_errors_sql(sql, cols, defn, mapping, bad)
    rid = f"btrim(coalesce(s.{cols.respondent_id}, ''), %(ws)s)"
    staged = _respondent_sql(sql, cols, mapping)
    texts = _text_pairs(cols)
    if texts:
        differing = f"""SELECT DISTINCT coalesce(now.id, was.id) AS id FROM (
                SELECT b.id, a.question_id, btrim(a.v, %(ws)s) AS text FROM before b JOIN {staging} s ON s.n = b.n
                CROSS JOIN LATERAL (VALUES {texts}) a(question_id, v) WHERE {_answered("a.v")}
            ) now FULL JOIN (
                SELECT a.respondent_id AS id, a.question_id, a.text FROM {Answer._meta.db_table} a
                WHERE a.respondent_id IN (SELECT id FROM before)
            ) was ON now.id = was.id AND now.question_id = was.question_id AND now.text = was.text
            WHERE now.id IS NULL OR was.id IS NULL"""  # nosec B608: generated table and column names only
    else:
        differing = "SELECT NULL::bigint AS id WHERE false"
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
            SELECT r.n, e.id, e.channel_id, e.sector_id, e.options FROM rows r
            JOIN {Respondent._meta.db_table} e ON e.consultation_id = %(consultation)s AND e.respondent_id = r.rid
            WHERE r.errors = 0 AND NOT EXISTS (SELECT 1 FROM duplicates d WHERE d.n = r.n)
        ), differing AS (
            {differing}
        ), changed AS (
            SELECT b.n FROM before b JOIN {staging} s ON s.n = b.n
            CROSS JOIN LATERAL (SELECT {staged["channel"]} AS channel, {staged["sector"]} AS sector,
                {staged["options"]} AS options) x
            WHERE x.channel IS DISTINCT FROM b.channel_id OR x.sector IS DISTINCT FROM b.sector_id
                OR {_sorted("array_remove(x.options, NULL)")} IS DISTINCT FROM {_sorted("b.options")}
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
        sql.params,
    )
    found = cursor.fetchall()
    _, result.rows, result.error_count, result.unchanged, _ = found[0]
    if result.error_count:
        _report(cursor, staging, cols, found[1:], error, parse, max_listed)
        return
    # Blank rows and respondents imported before (all unchanged, or the file would have failed)
    # are left out; the statement's snapshot does not see its own inserts.
    new = f"""NOT ({_blank_row(cols)}) AND NOT EXISTS (
        SELECT 1 FROM {Respondent._meta.db_table} e
        WHERE e.consultation_id = %(consultation)s AND e.respondent_id = {rid}
    )"""  # nosec B608: table and column names from the code (c0, c1, …), values as parameters
    sql = _Sql(**params)
    cursor.execute(_write_sql(sql, cols, defn, staging, mapping, new, texts=texts), sql.params)
    result.created = cursor.rowcount


def _answered(value: str) -> str:
    """Whether a staged value is more than Python's whitespace; the empty, most blanks, first
    (btrim with every whitespace character is slow)."""
    return f"CASE WHEN coalesce({value}, '') = '' THEN false ELSE btrim({value}, %(ws)s) <> '' END"


def _sorted(array: str) -> str:
    # bandit: `array` is an expression the code builds from its own column names.
    return f"ARRAY(SELECT o FROM unnest({array}) o ORDER BY o)"  # nosec B608


def _text_given(cols: Columns) -> str:
    """Whether a staged row has any free text at all: more than `_answered`, never less."""
    return " OR ".join(f"{col} <> ''" for col in cols.text.values())


def _text_pairs(cols: Columns) -> str:
    return ", ".join(f"({qid}, s.{col})" for qid, col in cols.text.items())


def _unknown(column: str) -> str:
    """An integer that cannot be: casting the text fails, and the statement with it (NULL for a
    NULL cell). Evaluated only for a value that maps to nothing, so a clean file pays nothing
    for it."""
    return f"('unknown ' || s.{column})::integer"


def _write_sql(
    sql: _Sql, cols: Columns, defn, staging: str, mapping: Mapping, rows: str, *, texts: bool, trim: bool = True
) -> str:
    """One statement writes the chosen `rows` of the staging table `s` as respondents and their
    free-text answers (when `texts`: any row has some); the cursor's row count is the
    respondents written.

    Each staged row already holds its respondent's id (`n`, drawn from the respondents'
    sequence by COPY), so answers need no join back to the respondents. Every value is mapped
    in the one pass that writes it, with no check after: a row that cannot be vouched for
    fails the statement. An unmapped channel or respondent id is NULL, which the NOT NULL
    columns refuse; an unmapped sector or option, or a sector for a channel that asks for none,
    is an integer that cannot be cast (`_unknown`).

    Without `trim`, the respondent id is taken as it stands and vouched for only when it begins
    and ends with a printable ASCII character, none of which `str.strip` removes: trimming every
    id with Python's whitespace costs a fifth of the COPY. (Byte order, "C", makes "between '!'
    and '~'" mean exactly that, and is the cheapest comparison.)"""
    rid = f"s.{cols.respondent_id}"
    if trim:
        rid = f"nullif(btrim(coalesce({rid}, ''), %(ws)s), '')"
    else:
        rid = f"""CASE WHEN {rid} COLLATE "C" >= '!' AND {rid} COLLATE "C" < E'\\x7f'
            AND right({rid}, 1) COLLATE "C" BETWEEN '!' AND '~' THEN {rid} END"""
    channel = sql.written(cols.channel, mapping[CHANNEL], "NULL")
    sector = sql.written(cols.sector, mapping[SECTOR], _unknown(cols.sector))
    no_sector = [raw for raw, pk in mapping[CHANNEL].items() if not defn.asks_sector[pk]]
    if no_sector:
        blanks = {raw: pk for raw, pk in mapping[SECTOR].items() if pk is None}
        sector = f"""CASE WHEN s.{cols.channel} = ANY({sql.param(no_sector)}::text[])
            THEN {sql.written(cols.sector, blanks, _unknown(cols.sector))} ELSE {sector} END"""
    options = ", ".join(sql.written(col, mapping[qid], _unknown(col)) for qid, col in cols.choice.items())
    answers = (
        f"""WITH written AS (
            INSERT INTO {Answer._meta.db_table} (respondent_id, question_id, text)
            SELECT s.n, a.question_id, btrim(a.v, %(ws)s) FROM {staging} s
            CROSS JOIN LATERAL (VALUES {_text_pairs(cols)}) a(question_id, v)
            WHERE {_answered("a.v")} AND {rows}
        )"""  # nosec B608
        if texts
        else ""
    )
    # bandit: only generated table and column names are formatted in; values are parameters.
    return f"""{answers}
        INSERT INTO {Respondent._meta.db_table}
            (id, consultation_id, respondent_id, channel_id, sector_id, response_import_id, options)
        SELECT s.n, %(consultation)s, {rid}, {channel}, {sector}, %(import)s,
            array_remove(ARRAY[{options}]::integer[], NULL)
        FROM {staging} s WHERE {rows}
    """  # nosec B608


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
