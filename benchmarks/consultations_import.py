"""Benchmark: importing responses against PostgreSQL's COPY, tables against one GROUP BY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench .venv/bin/python benchmarks/consultations_import.py \
        [--respondents 1000000] [--runs 3] [--row-by-row]

Uses the 2015 JTAI definition (11 closed questions and the free-text Q9, left blank) under a
benchmark slug in the database DATABASE_URL names, migrating it first; removes its rows after
each run (and vacuums, so that each run starts from the same tables).

Each run times the COPY baseline and then the import, one straight after the other, so both
meet the same load; before each, a CHECKPOINT (where the role may: a superuser or
pg_checkpoint) writes out what the step before left dirty, so that neither pays for the
other's writes. The ratio printed is the median of the runs' ratios; each run's figures are
printed too. A half-second COPY moves by a tenth of a second from one run to the next on a
shared machine, which alone moves a single run's ratio by half.

`--row-by-row` also times the row-by-row import that SQLite uses, once, on the same file and
tables. Prints this process's peak memory (its resident set at its largest), which the import
must keep under 200 MB at 1,000,000 respondents: it streams the file.
"""

import argparse
import contextlib
import csv
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import json  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402

import consultations.imports  # noqa: E402
from consultations.definition import consultation_load  # noqa: E402
from consultations.models import Answer, Consultation, Question, Respondent  # noqa: E402
from consultations.tables import consultation_tables, counts_sql  # noqa: E402

SLUG = "benchmark-jtai-2015"


def write_csv(path: Path, definition: dict, n: int) -> None:
    # bandit: made-up answers, repeatable by seed; nothing secret.
    rng = random.Random(2016)  # nosec B311
    channels = [c["code"] for c in definition["channels"]]
    sectors = definition["sectors"] + [""]
    questions = definition["questions"]
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent_id", "channel", "sector"] + [q["code"] for q in questions])
        for i in range(n):
            channel = rng.choices(channels, weights=(70, 25, 5))[0]
            row = [f"B{i:08d}", channel, rng.choice(sectors) if channel == "online" else ""]
            for q in questions:
                options = q.get("options")
                # About one in twenty leaves a closed question blank.
                row.append(rng.choice(options) if options and rng.random() > 0.05 else "")
            writer.writerow(row)


def cleanup() -> None:
    consultation = Consultation.objects.filter(slug=SLUG).first()
    if consultation is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            # bandit: tables' names come from the models, the values are parameters.
            f"DELETE FROM {Answer._meta.db_table} WHERE question_id IN "  # nosec B608
            f"(SELECT id FROM {Question._meta.db_table} WHERE consultation_id = %s)",
            [consultation.pk],
        )
        # bandit: the table's name comes from the model, the value is a parameter.
        cursor.execute(f"DELETE FROM {Respondent._meta.db_table} WHERE consultation_id = %s", [consultation.pk])  # nosec B608
        cursor.execute(f"VACUUM ANALYZE {Answer._meta.db_table}, {Respondent._meta.db_table}")


def copy_baseline(path: Path, columns: list[str]) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_staging")
        cursor.execute("CREATE UNLOGGED TABLE bench_staging (" + ", ".join(f'"{c}" text' for c in columns) + ")")
        start = time.perf_counter()
        with (
            path.open("rb") as f,
            cursor.cursor.copy("COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER)") as copy,
        ):
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_staging")
    return elapsed


def checkpoint() -> bool:
    """Write out every dirty buffer now, so that the next timed step starts from none; False when
    this role may not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        return False
    return True


def timed_import(path: Path, consultation: Consultation):
    """The import's time and result, and how long the final write and the commit took (their
    floor: the respondents' two indexes and their WAL)."""
    writes = []

    def time_writes(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if f"INSERT INTO {Respondent._meta.db_table}\n" in sql:
                writes.append(time.perf_counter() - start)

    start = time.perf_counter()
    with path.open("rb") as f, connection.execute_wrapper(time_writes):
        with contextlib.ExitStack() as commit:
            commit.enter_context(transaction.atomic())
            result = consultations.imports.responses_import(consultation=consultation, file=f)
            committing = time.perf_counter()
        committed = time.perf_counter() - committing
    elapsed = time.perf_counter() - start
    if len(writes) > 1:
        print("  (the first try could not vouch for every row: the file was checked row by row in SQL)")
    return elapsed, result, sum(writes), committed


def group_by_baseline(consultation: Consultation) -> float:
    """The one statement the tables cannot do without: chosen options by channel."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            # bandit: the table's name comes from the model, the value is a parameter.
            f"SELECT r.channel_id, o, count(*) FROM {Respondent._meta.db_table} r CROSS JOIN unnest(r.options) o "  # nosec B608
            "WHERE r.consultation_id = %s GROUP BY 1, 2",
            [consultation.pk],
        )
        cursor.fetchall()
    return time.perf_counter() - start


def chosen_options(consultation: Consultation) -> int:
    with connection.cursor() as cursor:
        cursor.execute(counts_sql(), {"consultation": consultation.pk})
        return sum(n for kind, _, _, n in cursor.fetchall() if kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="pairs of COPY and import; the ratio is their median")
    parser.add_argument("--row-by-row", action="store_true", help="also time the row-by-row import (SQLite's)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the baseline is PostgreSQL's COPY.")
    call_command("migrate", verbosity=0)
    definition = json.loads((ROOT / "consultations" / "seed" / "jtai-2015.json").read_text())
    definition["slug"] = SLUG
    consultation = consultation_load(data=definition)
    cleanup()
    closed = sum(1 for q in definition["questions"] if q["type"] == "choice")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.csv"
        start = time.perf_counter()
        write_csv(path, definition, args.respondents)
        print(
            f"{args.respondents:,} respondents x {closed} closed questions: CSV of "
            f"{path.stat().st_size / 1e6:.0f} MB written in {time.perf_counter() - start:.1f} s"
        )
        header = path.open().readline().strip().split(",")
        if args.row_by_row:
            consultations.imports.STAGING = False
            row_by_row_time, *_ = timed_import(path, consultation)
            consultations.imports.STAGING = True
            cleanup()
        if not checkpoint():
            print("(no CHECKPOINT before each step: this role may not; the runs vary more)")
        runs = []
        for run in range(1, args.runs + 1):
            if run > 1:
                cleanup()
            checkpoint()
            copy_time = copy_baseline(path, header)
            checkpoint()
            import_time, result, write_time, commit_time = timed_import(path, consultation)
            runs.append((copy_time, import_time, import_time / copy_time))
            print(
                f"run {run}: COPY {copy_time:.2f} s, import {import_time:.2f} s (of which INSERT … SELECT of "
                f"respondents and answers {write_time:.2f} s, commit {commit_time:.2f} s), ratio {runs[-1][2]:.2f}"
            )
    copies, imports, ratios = (statistics.median(column) for column in zip(*runs, strict=True))
    answers = chosen_options(consultation) + Answer.objects.filter(question__consultation=consultation).count()
    median = f" (the median of {len(runs)} runs)" if len(runs) > 1 else ""
    print(f"import_responses: {imports:.2f} s{median}: {result.created:,} respondents, {answers:,} answers")
    print(f"COPY of the same rows into one staging table: {copies:.2f} s{median}")
    print(f"import / COPY ratio: {ratios:.2f}{median}")
    # ru_maxrss is in kilobytes on Linux.
    print(f"peak memory (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.row_by_row:
        print(f"row-by-row import (SQLite's): {row_by_row_time:.1f} s, ratio {row_by_row_time / copies:.1f}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    consultation_tables(consultation=consultation)  # warm the cache the same way for both
    group_by_baseline(consultation)
    start = time.perf_counter()
    consultation_tables(consultation=consultation)
    tables_time = time.perf_counter() - start
    baseline = group_by_baseline(consultation)
    print(f"consultation_tables: {tables_time:.2f} s; one hand-written GROUP BY (options by channel): {baseline:.2f} s")
    print(f"tables / GROUP BY ratio: {tables_time / baseline:.2f}")
    start = time.perf_counter()
    cleanup()
    print(f"(benchmark rows removed in {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
