"""Benchmark: the page for choosing areas, with 153 areas × 10 indicators × 10 years.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench .venv/bin/python benchmarks/area_choosing.py \
        [--areas 153] [--indicators 10] [--years 10] [--runs 20]

Migrates the database DATABASE_URL names, adds benchmark areas, indicators and values (and an
inspection of some areas by another framework), then renders the page through its view, as a
signed-in manager, and prints the server time and the number of queries. Removes its rows at the end.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from inspections.areas.models import (  # noqa: E402
    EvaluationKind,
    ImportStatus,
    Indicator,
    IndicatorImport,
    IndicatorValue,
    OtherEvaluation,
)
from inspections.areas.views.pages import choosing  # noqa: E402
from inspections.models import Area, Inspector, Inspectorate  # noqa: E402

PREFIX = "Benchmark area"
COLUMN = "benchmark_measure_"


def setup(areas: int, indicators: int, years: int):
    user = get_user_model().objects.create(username="benchmark.manager")
    Inspector.objects.create(user=user, inspectorate=Inspectorate.objects.get(code="ofsted"), is_manager=True)
    made = Indicator.objects.bulk_create(
        Indicator(
            name=f"Benchmark measure {n}", unit="%", better="lower", source="Benchmark", source_column=f"{COLUMN}{n}"
        )
        for n in range(indicators)
    )
    places = Area.objects.bulk_create(
        Area(name=f"{PREFIX} {n:03d}", ons_code=f"E06{900000 + n:06d}", region=f"Region {n % 9}") for n in range(areas)
    )
    source = IndicatorImport.objects.create(original_name="benchmark.csv", content="", status=ImportStatus.APPLIED)
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(indicator=i, area=a, year=2007 + y, value=Decimal((n * 7 + y) % 40), source_import=source)
            for i in made
            for n, a in enumerate([None, *places])
            for y in range(years)
        ),
        batch_size=5000,
    )
    OtherEvaluation.objects.bulk_create(
        OtherEvaluation(
            area=a, kind=EvaluationKind.INSPECTION, title="SIF", date=datetime.date(2015, 1, 1), recorded_by=user
        )
        for a in places[::3]
    )
    return user, source


def teardown(user, source) -> None:
    IndicatorValue.objects.filter(source_import=source).delete()
    source.delete()
    OtherEvaluation.objects.filter(recorded_by=user).delete()
    Indicator.objects.filter(source_column__startswith=COLUMN).delete()
    Area.objects.filter(name__startswith=PREFIX).delete()
    Inspector.objects.filter(user=user).delete()
    user.delete()


def request_for(user):
    request = RequestFactory().get("/areas/", {"sort": "last_inspection"})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, default=153)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, source = setup(args.areas, args.indicators, args.years)
    try:
        values = IndicatorValue.objects.filter(source_import=source).count()
        print(f"{args.areas} areas × {args.indicators} indicators × {args.years} years: {values} values")
        choosing(request_for(user))  # warm up
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = choosing(request_for(user))
                times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the choosing page answered {response.status_code}")
        print(f"page: {len(response.content) / 1024:.0f} KB, {len(queries)} queries")
        print(
            f"server time over {args.runs} runs: median {statistics.median(times):.0f} ms, "
            f"min {min(times):.0f} ms, max {max(times):.0f} ms"
        )
    finally:
        teardown(user, source)


if __name__ == "__main__":
    main()
