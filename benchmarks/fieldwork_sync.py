"""Benchmark: syncing waiting evidence records against one bulk_create, and the board's queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench .venv/bin/python benchmarks/fieldwork_sync.py \
        [--records 1000] [--batch 50] [--board 2000]

Migrates the database DATABASE_URL names, makes a benchmark area, inspector and inspection on site,
then:
1. sends `--records` records through the sync service (`sync.evidence_sync`, what the endpoint
   calls) in batches of `--batch`, as the offline page would after a day without a connection;
2. inserts the same rows (the records, their agencies and scope areas) with one `bulk_create` each;
3. prints the time per record of each and their ratio: what the checks, the savepoint per record,
   the idempotency lookup and the history cost;
4. fills the inspection to `--board` records and prints the evidence board's query count for 20
   records and for all of them (the same: the page shows 50 at a time and counts in the database).
Everything is rolled back at the end.
"""

import argparse
import datetime
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from inspections.fieldwork.board import BoardFilter, board_of  # noqa: E402
from inspections.fieldwork.models import EvidenceRecord  # noqa: E402
from inspections.fieldwork.sync import evidence_sync  # noqa: E402
from inspections.models import (  # noqa: E402
    Agency,
    AgencyKind,
    Area,
    FrameworkVersion,
    Inspection,
    Inspector,
    Inspectorate,
    ScopeArea,
    Stage,
    TeamMembership,
    Theme,
)

WEIGHTS = ["strength", "improvement", "context"]
KINDS = ["meeting", "observation", "document"]


class Rollback(Exception):
    pass


def setting_up() -> tuple:
    area, _ = Area.objects.get_or_create(ons_code="E06999999", defaults={"name": "Benchmarkshire"})
    agencies = []
    for name, kind in (("Benchmarkshire Police", AgencyKind.POLICE), ("Benchmarkshire NHS", AgencyKind.HEALTH)):
        agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        agency.areas.add(area)
        agencies.append(agency)
    user = get_user_model().objects.create_user("benchmark.inspector", password=None)
    inspector = Inspector.objects.create(user=user, inspectorate=Inspectorate.objects.get(code="ofsted"))
    # The stage is set, not moved through its transitions: what is measured is the week on site.
    inspection = Inspection.objects.create(
        reference="BENCH-FIELDWORK",
        area=area,
        framework=FrameworkVersion.objects.get(slug="jtai-2016"),
        theme=Theme.objects.get(slug="cse-and-missing"),
        onsite_start=datetime.date(2016, 3, 7),
        stage=Stage.ON_SITE,
        notified_at=timezone.now(),
    )
    TeamMembership.objects.create(inspection=inspection, inspector=inspector, is_lead=True)
    return user, inspection, [a.pk for a in agencies], list(ScopeArea.objects.values_list("code", "pk"))


def payloads(n: int, agencies: list[int], scopes: list[tuple[str, int]]) -> list[dict]:
    moment = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    return [
        {
            "id": str(uuid.uuid4()),
            "kind": KINDS[i % len(KINDS)],
            "occurred_at": moment,
            "agencies": [agencies[i % len(agencies)]],
            "scope_areas": [scopes[i % len(scopes)][0]],
            "weight": WEIGHTS[i % len(WEIGHTS)],
            "text": f"Benchmark observation {i}: contacts were screened jointly within the day.",
        }
        for i in range(n)
    ]


def bulk_insert(user, inspection, items: list[dict], scopes: dict[str, int]) -> None:
    records = EvidenceRecord.objects.bulk_create(
        EvidenceRecord(
            id=uuid.UUID(item["id"]),
            inspection=inspection,
            author=user,
            inspectorate=user.inspector.inspectorate,
            kind=item["kind"],
            occurred_at=datetime.datetime.fromisoformat(item["occurred_at"]),
            weight=item["weight"],
            text=item["text"],
        )
        for item in items
    )
    EvidenceRecord.agencies.through.objects.bulk_create(
        EvidenceRecord.agencies.through(evidencerecord_id=r.pk, agency_id=item["agencies"][0])
        for r, item in zip(records, items, strict=True)
    )
    EvidenceRecord.scope_areas.through.objects.bulk_create(
        EvidenceRecord.scope_areas.through(evidencerecord_id=r.pk, scopearea_id=scopes[item["scope_areas"][0]])
        for r, item in zip(records, items, strict=True)
    )


def board_queries(inspection) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        board = board_of(inspection, BoardFilter(weight="strength"))
        for record in board.page:
            list(record.agencies.all()), list(record.scope_areas.all())
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--board", type=int, default=2000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            user, inspection, agencies, scopes = setting_up()
            items = payloads(args.records, agencies, scopes)
            started = time.perf_counter()
            for start in range(0, len(items), args.batch):
                result = evidence_sync(
                    user=user, inspection=inspection, payload={"records": items[start : start + args.batch]}
                )
                if result.refused:
                    raise SystemExit(f"the sync refused records: {result.refused[:1]}")
            synced = time.perf_counter() - started
            copies = [{**item, "id": str(uuid.uuid4())} for item in items]
            started = time.perf_counter()
            bulk_insert(user, inspection, copies, dict(scopes))
            bulked = time.perf_counter() - started
            per_sync, per_bulk = synced / len(items) * 1000, bulked / len(items) * 1000
            print(f"sync, {args.records} records in batches of {args.batch}: {per_sync:.3f} ms a record")
            print(f"one bulk_create of the same rows:            {per_bulk:.3f} ms a record")
            print(f"ratio (sync / bulk_create):                  {per_sync / per_bulk:.1f}")

            EvidenceRecord.objects.filter(inspection=inspection).delete()
            bulk_insert(user, inspection, payloads(20, agencies, scopes), dict(scopes))
            few = board_queries(inspection)
            bulk_insert(user, inspection, payloads(args.board - 20, agencies, scopes), dict(scopes))
            many = board_queries(inspection)
            print(f"evidence board queries: {few} with 20 records, {many} with {args.board}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
