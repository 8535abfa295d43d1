"""Import responses from a CSV file, one row per respondent, all or nothing.

Layout: `respondent_id`, `channel` (a channel code), `sector` (a label, or blank), then one
column per question code with the chosen option's label or the free text; blank means not
answered. The file is read once, in batches, inside one transaction: rows are written as
they are checked, and the transaction is rolled back if any row is bad, so a large file
never sits in memory and a bad one changes nothing.

A respondent already imported with exactly the same answers is left alone, so importing
the same file again changes nothing. One already imported with different answers is a bad
row: replacing it would silently throw away the coding of its free text.

Before anything is read into the database the whole file is checked to be UTF-8 text and not a
spreadsheet or other binary file, and its header to name exactly the consultation's columns.
Then on PostgreSQL the rows are checked and written set-based (`staging.py`: COPY, SQL checks,
INSERT … SELECT); on SQLite (the quickstart), and for a file PostgreSQL's CSV reader refuses
(a blank line, a row of the wrong width), row by row in Python, with the same rules and words."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from jtai.errors import DomainError
from jtai.leases import lease_claim
from jtai.queues import queue_after_commit

from .models import Answer, Consultation, QuestionKind, Respondent, ResponseImport
from .permissions import require_change
from .report_pdf import report_pdf_request
from .staging import StagingRefused, has_end_of_data_line, import_staged

FIXED_COLUMNS = ("respondent_id", "channel", "sector")
BATCH_SIZE = 5000
# Kept on the import record; beyond this the page says how many more there were.
MAX_STORED_ERRORS = 1000
# On PostgreSQL, check and write set-based; off, row by row as on SQLite.
STAGING = True
NOT_UTF8 = "the file is not UTF-8 text: save it as CSV (UTF-8)"
NOT_CSV = "the file is not a CSV file (it holds binary data, as a spreadsheet or PDF does): save it as CSV (UTF-8)"
# How spreadsheets and PDFs begin: xlsx (a zip), xls, PDF.
BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")
RESPONDENT_ID_MAX = Respondent._meta.get_field("respondent_id").max_length
# Uploads up to this size import during the request; bigger ones go to a Celery worker.
SYNC_IMPORT_BYTES = 2 * 1024 * 1024
RUN_TASK = "consultations.tasks.run_response_import"

logger = logging.getLogger(__name__)


@dataclass
class RowError:
    line: int
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "reason": self.reason}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class ImportFailed(DomainError):
    """Bad rows: `result.errors` names each one by its line."""

    def __init__(self, result: ImportResult):
        super().__init__("file", f"{result.error_count} bad row(s); nothing was imported")
        # In the file's order: a row found to clash with one already imported is reported when
        # its batch is written, after rows read later.
        result.errors.sort(key=lambda error: error.line)
        self.result = result


class _CountingReader(io.RawIOBase):
    """Counts bytes as the CSV reader pulls them, for the progress bar."""

    def __init__(self, raw):
        self.raw = raw
        self.bytes_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.bytes_read += n
        return n


@dataclass
class _Row:
    line: int
    respondent_id: str
    channel_id: int
    sector_id: int | None
    # question id -> option id (choice) or text
    answers: dict[int, int | str]


class _Definition:
    def __init__(self, consultation: Consultation):
        channels = list(consultation.channels.all())
        sectors = list(consultation.sectors.all())
        self.channels = {c.code: c.pk for c in channels}
        self.asks_sector = {c.pk: c.asks_sector for c in channels}
        self.sectors = {s.label.strip().casefold(): s.pk for s in sectors}
        self.questions = list(consultation.questions.prefetch_related("options"))
        self.options = {
            q.pk: {o.label.strip().casefold(): o.pk for o in q.options.all()} for q in self.questions if q.is_choice
        }
        # As defined, for the set-based import's first try (`staging._labels`).
        self.channel_codes = [c.code for c in channels]
        self.sector_labels = [s.label for s in sectors]
        self.option_labels = {q.pk: [o.label for o in q.options.all()] for q in self.questions if q.is_choice}
        self.question_of = {o.pk: q.pk for q in self.questions if q.is_choice for o in q.options.all()}


def _parse_row(defn: _Definition, header_index: dict, cells: list[str], line: int, width: int):
    reasons = []
    if len(cells) < width:
        missing = [name for name, i in header_index.items() if i >= len(cells)]
        return None, [f"missing column {', '.join(repr(m) for m in missing)} (the row has {len(cells)} of {width})"]
    if len(cells) > width:
        return None, [f"the row has {len(cells)} values but the header has {width} columns"]
    respondent_id = cells[header_index["respondent_id"]].strip()
    if not respondent_id:
        reasons.append("respondent_id is blank")
    elif len(respondent_id) > RESPONDENT_ID_MAX:
        reasons.append(f"respondent_id is longer than {RESPONDENT_ID_MAX} characters")
    channel_code = cells[header_index["channel"]].strip()
    channel_id = defn.channels.get(channel_code)
    if channel_id is None:
        reasons.append(f"unknown channel {channel_code!r}" if channel_code else "channel is blank")
    sector_label = cells[header_index["sector"]].strip()
    sector_id = None
    if sector_label:
        sector_id = defn.sectors.get(sector_label.casefold())
        if sector_id is None:
            reasons.append(f"unknown sector {sector_label!r}")
        elif channel_id is not None and not defn.asks_sector[channel_id]:
            # The tables count sectors only for channels that ask: the answer would vanish.
            reasons.append(f"sector {sector_label!r} given, but channel {channel_code!r} does not ask for a sector")
    answers: dict[int, int | str] = {}
    for question in defn.questions:
        value = cells[header_index[question.code]].strip()
        if not value:
            continue
        if question.kind == QuestionKind.CHOICE:
            option_id = defn.options[question.pk].get(value.casefold())
            if option_id is None:
                reasons.append(f"unknown option {value!r} for question {question.code}")
            else:
                answers[question.pk] = option_id
        else:
            answers[question.pk] = value
    if reasons:
        return None, reasons
    return _Row(line, respondent_id, channel_id, sector_id, answers), []


def _existing(defn: _Definition, consultation: Consultation, rows: list[_Row]) -> dict[str, tuple]:
    """Respondents of this batch already in the database, as comparable tuples (two queries)."""
    found = {
        r["respondent_id"]: r
        for r in Respondent.objects.filter(
            consultation=consultation, respondent_id__in=[row.respondent_id for row in rows]
        ).values("id", "respondent_id", "channel_id", "sector_id", "options")
    }
    if not found:
        return {}
    answers: dict[int, dict] = {
        r["id"]: {defn.question_of.get(option_id): option_id for option_id in r["options"]} for r in found.values()
    }
    for a in Answer.objects.filter(respondent_id__in=list(answers)).values("respondent_id", "question_id", "text"):
        answers[a["respondent_id"]][a["question_id"]] = a["text"]
    return {rid: (r["channel_id"], r["sector_id"], answers[r["id"]]) for rid, r in found.items()}


def _options(row: _Row) -> list[int]:
    """The row's closed answers, in question order (the order `_parse_row` found them in)."""
    return [value for value in row.answers.values() if isinstance(value, int)]


def _texts(row: _Row) -> list[tuple[int, str]]:
    return [(qid, value) for qid, value in row.answers.items() if isinstance(value, str)]


def _insert(consultation: Consultation, response_import: ResponseImport | None, rows: list[_Row]) -> None:
    if not rows:
        return
    import_id = response_import.pk if response_import else None
    if connection.vendor == "postgresql":
        _insert_copy(consultation.pk, import_id, rows)
        return
    respondents = Respondent.objects.bulk_create(
        [
            Respondent(
                consultation_id=consultation.pk,
                respondent_id=row.respondent_id,
                channel_id=row.channel_id,
                sector_id=row.sector_id,
                response_import_id=import_id,
                options=_options(row),
            )
            for row in rows
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(respondent_id=respondent.pk, question_id=qid, text=text)
            for respondent, row in zip(respondents, rows, strict=True)
            for qid, text in _texts(row)
        ],
        batch_size=2000,
    )


def _insert_copy(consultation_id: int, import_id: int | None, rows: list[_Row]) -> None:
    """PostgreSQL: COPY both tables, with respondent ids drawn from the sequence up front."""
    respondent_table = Respondent._meta.db_table
    answer_table = Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # bandit: the table's name comes from the model, the values are parameters.
            f"SELECT nextval(pg_get_serial_sequence('{respondent_table}', 'id')) FROM generate_series(1, %s)",  # nosec B608
            [len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        raw = cursor.cursor
        with raw.copy(
            f"COPY {respondent_table} (id, consultation_id, respondent_id, channel_id, sector_id, response_import_id,"
            " options) FROM STDIN"
        ) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    (pk, consultation_id, row.respondent_id, row.channel_id, row.sector_id, import_id, _options(row))
                )
        with raw.copy(f"COPY {answer_table} (respondent_id, question_id, text) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                for qid, text in _texts(row):
                    copy.write_row((pk, qid, text))


def _batches(reader: Iterable[list[str]], line_of: Callable[[], int]):
    """Yield (start line, cells) pairs; a quoted cell may span lines, so track where each row starts."""
    previous_end = 1
    for cells in reader:
        start = previous_end + 1
        previous_end = line_of()
        if not any(c.strip() for c in cells):
            continue
        yield start, cells


def _line_at(file, offset: int) -> int:
    """The line of the file's byte at `offset` (counted only for a file that is refused)."""
    file.seek(0)
    line = 1
    while offset > 0 and (chunk := file.read(min(1 << 20, offset))):
        line += chunk.count(b"\n")
        offset -= len(chunk)
    return line


def _content_problem(file) -> tuple[RowError | None, bool]:
    """Whether the whole file is CSV text in UTF-8, read once before anything is staged.

    Returns the problem (or None) and whether PostgreSQL's COPY may read the file: a line of
    only `\\.` would end its input early. Each test on a clean chunk is one pass of C over its
    bytes; lines are counted only to name where a refused file goes wrong."""
    start = file.read(len(max(BINARY_SIGNATURES, key=len)))
    if start.startswith(BINARY_SIGNATURES):
        return RowError(1, NOT_CSV), False
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, tail, stageable = 0, b"", True
    while chunk := file.read(1 << 20):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            return RowError(_line_at(file, offset + nul), NOT_CSV), False
        pending = len(decoder.getstate()[0])
        # ASCII is UTF-8 as it stands: only other bytes need decoding (most files are ASCII).
        if pending or not chunk.isascii():
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return RowError(_line_at(file, offset + max(exc.start - pending, 0)), NOT_UTF8), False
        # A backslash is rare, and looking for one byte is quicker than for two.
        if stageable and (b"\\" in chunk or tail.endswith(b"\\")):
            stageable = not has_end_of_data_line(tail + chunk)
        tail = chunk[-2:]
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return RowError(_line_at(file, offset), NOT_UTF8), False
    return None, stageable


def _open(file) -> tuple[_CountingReader, csv.reader]:
    file.seek(0)
    counting = _CountingReader(file)
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding="utf-8-sig", newline="")
    return counting, csv.reader(text)


def _header(reader, defn: _Definition, error: Callable[[int, str], None]) -> list[str]:
    """The header's column names; reports what is wrong with them on line 1."""
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        error(1, "the file is empty: the first line must name the columns")
        return []
    header_index = {name: i for i, name in enumerate(header)}
    expected = list(FIXED_COLUMNS) + [q.code for q in defn.questions]
    missing = [c for c in expected if c not in header_index]
    unknown = [c for c in header if c not in expected]
    if missing:
        error(1, f"missing column {', '.join(repr(c) for c in missing)}")
    if unknown:
        error(1, f"unknown column {', '.join(repr(c) for c in unknown)}: not a question of this consultation")
    if len(header_index) != len(header):
        error(1, "a column name appears twice")
    return header


def responses_import(
    *,
    consultation: Consultation,
    file,
    user=None,
    response_import: ResponseImport | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a binary CSV file object. Raises ImportFailed (and changes nothing) on any bad row.

    `progress(rows_read, bytes_read)` is called as the file is read."""
    require_change(user)
    result = ImportResult()

    def error(line: int, reason: str) -> None:
        result.error_count += 1
        if len(result.errors) < MAX_STORED_ERRORS:
            result.errors.append(RowError(line, reason))

    problem, stageable = _content_problem(file)
    if problem:
        error(problem.line, problem.reason)
        raise ImportFailed(result)
    defn = _Definition(consultation)
    _, reader = _open(file)
    header = _header(reader, defn, error)
    if result.error_count:
        raise ImportFailed(result)
    if STAGING and stageable and connection.vendor == "postgresql":
        try:
            return _import_staged(consultation, defn, header, file, response_import, progress)
        except StagingRefused:
            pass  # PostgreSQL's CSV reader refused a row: Python's names it.
    return _import_rows(consultation, defn, header, file, response_import, progress)


def _lock(consultation: Consultation) -> None:
    """One import into a consultation at a time: a second waits until the first commits or rolls
    back, then checks its rows against what the first imported, never against half of it.

    (SQLite has no row locks; it lets one transaction write at a time, which serves the same.)"""
    list(Consultation.objects.select_for_update(no_key=True).filter(pk=consultation.pk).values_list("pk"))


def _import_staged(consultation, defn, header, file, response_import, progress) -> ImportResult:
    result = ImportResult()
    header_index = {name: i for i, name in enumerate(header)}
    with transaction.atomic():
        _lock(consultation)
        import_staged(
            consultation=consultation,
            defn=defn,
            header=header,
            file=file,
            import_id=response_import.pk if response_import else None,
            result=result,
            error=lambda line, reason: result.errors.append(RowError(line, reason)),
            parse=lambda cells, line: _parse_row(defn, header_index, cells, line, len(header))[1],
            max_listed=MAX_STORED_ERRORS,
            progress=progress,
        )
        if result.error_count:
            raise ImportFailed(result)
        if result.created:
            report_pdf_request(consultation=consultation)
    if progress:
        progress(result.rows, file.tell())
    return result


def _import_rows(consultation, defn, header, file, response_import, progress) -> ImportResult:
    """Row by row: SQLite's import, and PostgreSQL's for files its CSV reader refuses."""
    counting, reader = _open(file)
    next(reader)
    header_index = {name: i for i, name in enumerate(header)}
    result = ImportResult()

    def error(line: int, reason: str) -> None:
        result.error_count += 1
        if len(result.errors) < MAX_STORED_ERRORS:
            result.errors.append(RowError(line, reason))

    seen: dict[str, int] = {}
    batch: list[_Row] = []

    def flush() -> None:
        existing = _existing(defn, consultation, batch)
        new = []
        for row in batch:
            before = existing.get(row.respondent_id)
            if before is None:
                new.append(row)
            elif before == (row.channel_id, row.sector_id, row.answers):
                result.unchanged += 1
            else:
                error(row.line, f"respondent {row.respondent_id!r} was already imported with different answers")
        # Once a row is bad the transaction will roll back: checking goes on, writing stops.
        if not result.error_count:
            _insert(consultation, response_import, new)
            result.created += len(new)
        batch.clear()

    try:
        with transaction.atomic():
            _lock(consultation)
            for line, cells in _batches(reader, lambda: reader.line_num):
                result.rows += 1
                row, reasons = _parse_row(defn, header_index, cells, line, len(header))
                for reason in reasons:
                    error(line, reason)
                if row is None:
                    continue
                first = seen.get(row.respondent_id)
                if first is not None:
                    error(line, f"duplicate respondent {row.respondent_id!r} (first on line {first})")
                    continue
                seen[row.respondent_id] = line
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    flush()
                    if progress:
                        progress(result.rows, counting.bytes_read)
            flush()
            if result.error_count:
                raise ImportFailed(result)
            if result.created:
                report_pdf_request(consultation=consultation)
    except UnicodeDecodeError:
        error(reader.line_num + 1, NOT_UTF8)
        raise ImportFailed(result) from None
    except csv.Error as exc:
        error(reader.line_num, f"the CSV is malformed: {exc}")
        raise ImportFailed(result) from None
    if progress:
        progress(result.rows, counting.bytes_read)
    return result


def _claim(import_id: int) -> ResponseImport | None:
    """Take a queued import, or a running one whose worker is gone; None if there is nothing to do.

    A worker that was killed leaves its import RUNNING (its transaction, rows and all, is
    rolled back). On PostgreSQL the running worker holds the row locked, so SKIP LOCKED tells
    a live worker from a dead one; the lease covers the moment between claim and lock, and
    SQLite, where the import holds the database's write lock instead."""
    claim = lease_claim(
        ResponseImport.objects.filter(pk=import_id),
        claimable=lambda now: (
            Q(status=ResponseImport.Status.QUEUED)
            | Q(status=ResponseImport.Status.RUNNING, lease_until__isnull=True)
            | Q(status=ResponseImport.Status.RUNNING, lease_until__lte=now)
        ),
        lease=datetime.timedelta(seconds=ResponseImport.LEASE_SECONDS),
        until_field="lease_until",
        token_field=None,
        values={"status": ResponseImport.Status.RUNNING, "attempts": F("attempts") + 1},
    )
    if claim is None:
        return None
    return ResponseImport.objects.get(pk=import_id)


def _record(response_import: ResponseImport, status: str, result: ImportResult, failure: str = "") -> None:
    response_import.status = status
    response_import.rows_read = result.rows
    response_import.created_count = result.created
    response_import.unchanged_count = result.unchanged
    response_import.error_count = result.error_count
    response_import.errors = [e.as_dict() for e in result.errors]
    if result.error_count > len(result.errors):
        response_import.errors.append({"line": None, "reason": f"and {result.error_count - len(result.errors)} more"})
    response_import.failure = failure
    response_import.lease_until = None
    response_import.finished_at = timezone.now() if response_import.is_finished else None
    response_import.save()


class _ClaimLost(Exception):
    pass


class _Checked(Exception):
    """Rolls a check of the file back, rows and all, carrying what it found."""

    def __init__(self, result: ImportResult):
        self.result = result


def _needs_confirmation(response_import: ResponseImport) -> bool:
    return response_import.consultation.is_published and response_import.confirmed_at is None


def response_import_run(*, response_import: ResponseImport, progress=None) -> ResponseImport:
    """Run a queued upload and record the outcome on it.

    An upload to a published report is first only checked: it waits, with the counts it would
    add, until an analyst confirms (response_import_confirm); then it runs again and imports.

    Safe to run twice and after a crash: a finished import, or one a live worker is running,
    is left alone; one whose worker died is started again from the top (its rows were rolled
    back with it), and failed once MAX_ATTEMPTS workers died on it. The rows and the DONE status
    commit together. Any unexpected error marks the import FAILED with a message the analyst can
    read, and nothing is imported."""
    claimed = _claim(response_import.pk)
    if claimed is None:
        response_import.refresh_from_db()
        return response_import
    response_import = claimed
    attempt = response_import.attempts
    if attempt > ResponseImport.MAX_ATTEMPTS:
        # Every earlier claim ended with its worker gone (an error is recorded, not retried): give
        # up rather than let the sweep hand it to a worker every few minutes for ever.
        logger.error("Import %s of %s failed: its worker stopped on every try", claimed.pk, claimed.original_name)
        _stopped(response_import, f"{attempt - 1} times before it could finish", "perhaps in smaller parts")
        return response_import
    try:
        with transaction.atomic():
            locked = ResponseImport.objects.select_for_update().get(pk=response_import.pk)
            if (locked.status, locked.attempts) != (ResponseImport.Status.RUNNING, attempt):
                raise _ClaimLost
            check_only = _needs_confirmation(response_import)
            try:
                # A check is the import itself, rolled back: the same rules, the exact counts.
                with transaction.atomic(), response_import.file.open("rb") as f:
                    result = responses_import(
                        consultation=response_import.consultation,
                        file=f,
                        user=response_import.created_by,
                        response_import=response_import,
                        progress=progress,
                    )
                    if check_only:
                        raise _Checked(result)
            except _Checked as checked:
                result = checked.result
            awaiting = check_only and result.created > 0
            _record(response_import, ResponseImport.Status.AWAITING if awaiting else ResponseImport.Status.DONE, result)
    except _ClaimLost:
        response_import.refresh_from_db()
    except ImportFailed as failed:
        _record(response_import, ResponseImport.Status.FAILED, failed.result)
    except Exception as exc:
        logger.exception("Import %s of %s stopped", response_import.pk, response_import.original_name)
        _stopped(response_import, f"because of an unexpected error ({type(exc).__name__})")
    return response_import


def _stopped(response_import: ResponseImport, how: str, advice: str = "") -> None:
    """Fail an import that stopped before it could finish, telling the analyst what to do."""
    again = f"Upload the file again, {advice}" if advice else "Upload the file again"
    _record(
        response_import,
        ResponseImport.Status.FAILED,
        ImportResult(),
        failure=(
            f"The import stopped {how}, so nothing was imported. {again}; if it happens again, tell the service team."
        ),
    )


def stalled_import_ids(*, queued_for: datetime.timedelta = datetime.timedelta(minutes=5)) -> list[int]:
    """Imports whose task seems lost: queued for a while, or running with a lapsed lease."""
    now = timezone.now()
    return list(
        ResponseImport.objects.filter(
            Q(status=ResponseImport.Status.QUEUED, created_at__lte=now - queued_for)
            | Q(status=ResponseImport.Status.RUNNING, lease_until__lte=now)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:100]
    )


def response_import_create(*, consultation: Consultation, upload, user) -> ResponseImport:
    require_change(user)
    return ResponseImport.objects.create(
        consultation=consultation,
        file=upload,
        original_name=getattr(upload, "name", "")[:255],
        size=getattr(upload, "size", 0) or 0,
        created_by=user,
    )


def _start(response_import: ResponseImport) -> ResponseImport:
    if response_import.size <= SYNC_IMPORT_BYTES:
        return response_import_run(response_import=response_import)
    # Robust: a broker that cannot be reached leaves the import queued for the beat sweep
    # (`stalled_import_ids`) rather than failing the upload it has already recorded.
    queue_after_commit(RUN_TASK, response_import.pk, robust=True)
    return response_import


def response_import_submit(*, consultation: Consultation, upload, user) -> ResponseImport:
    """Take an uploaded file: a small one is imported at once, a big one by a worker.

    Either way the import record says what became of it, so the analyst is sent to its page."""
    return _start(response_import_create(consultation=consultation, upload=upload, user=user))


def response_import_confirm(*, response_import: ResponseImport, user) -> ResponseImport:
    """Add a checked upload to the published report it was checked against."""
    require_change(user)
    with transaction.atomic():
        locked = ResponseImport.objects.select_for_update().get(pk=response_import.pk)
        if locked.status != ResponseImport.Status.AWAITING:
            raise DomainError("__all__", "This upload is not waiting for confirmation.")
        locked.status = ResponseImport.Status.QUEUED
        locked.confirmed_at = timezone.now()
        # The import is a new job: the check's tries do not count against it (MAX_ATTEMPTS).
        locked.attempts = 0
        locked.save(update_fields=["status", "confirmed_at", "attempts"])
    return _start(locked)
