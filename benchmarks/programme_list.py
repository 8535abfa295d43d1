"""Benchmark: the programme page with thousands of inspections, server time and query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench .venv/bin/python benchmarks/programme_list.py \
        [--inspections 5000] [--repeat 5]

Makes an inspection manager and --inspections planned inspections (half of them published, so
that both lists are long), one a week, with their stored milestones, under a benchmark area in
the database DATABASE_URL names (migrating it first). The rows are written in bulk: the page
reads them, and how they came to be does not change what it reads. Then asks for the current
list, its second page and the past list through Django's test client, as the manager, and prints
the best time of --repeat and the number of queries of each; the lists are 50 a page, so both
should stay as they are with 5 inspections. Removes its rows at the end.
"""

import argparse
import datetime
import os
import sys
import time
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from inspections.calendar import working_calendar  # noqa: E402
from inspections.models import (  # noqa: E402
    Area,
    FrameworkVersion,
    Inspection,
    Inspector,
    Inspectorate,
    Milestone,
    MilestoneKey,
    Stage,
    Theme,
)
from inspections.timeline import Rules, compute  # noqa: E402

AREA = "Benchmark programme area"
USERNAME = "benchmark-programme-manager"
PREFIX = "BENCH-"


def cleanup() -> None:
    with transaction.atomic():
        inspections = Inspection.objects.filter(reference__startswith=PREFIX)
        Milestone.objects.filter(inspection__in=inspections).delete()
        inspections.delete()
        Area.objects.filter(name=AREA).delete()
        get_user_model().objects.filter(username=USERNAME).delete()


def make(n: int):
    area = Area.objects.create(name=AREA, ons_code="E99999999")
    framework = FrameworkVersion.objects.get(slug="jtai-2016")
    theme = Theme.objects.get(slug="cse-and-missing")
    rules, calendar = Rules.from_framework(framework), working_calendar()
    days, day = [], datetime.date(2016, 3, 7)
    while len(days) < n:
        if calendar.is_working_day(day) and day.weekday() == 0:
            days.append(day)
        day += datetime.timedelta(days=7 if day.weekday() == 0 else 1)
    inspections = Inspection.objects.bulk_create(
        Inspection(
            reference=f"{PREFIX}{i:05d}",
            area=area,
            framework=framework,
            theme=theme,
            onsite_start=start,
            stage=Stage.PUBLISHED if i % 2 else Stage.PLANNED,
        )
        for i, start in enumerate(days)
    )
    Milestone.objects.bulk_create(
        (
            Milestone(
                inspection=inspection,
                key=m.key,
                label=m.label,
                date=m.date,
                time=m.time,
                order=MilestoneKey.values.index(m.key),
            )
            for inspection in inspections
            for m in compute(inspection.onsite_start, rules, calendar)
        ),
        batch_size=5000,
    )
    user = get_user_model().objects.create_user(USERNAME)
    Inspector.objects.create(user=user, inspectorate=Inspectorate.objects.get(code="ofsted"), is_manager=True)
    return user


def measure(client: Client, query: dict, repeat: int) -> tuple[float, int]:
    url = reverse("inspections:programme")
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, query)
        best = min(best, time.perf_counter() - start)
        if response.status_code != 200:
            sys.exit(f"The programme page answered {response.status_code}.")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, query)
    return best, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inspections", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    cleanup()
    start = time.perf_counter()
    user = make(args.inspections)
    print(f"{args.inspections:,} inspections made in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(user)
    try:
        for label, query in [
            ("current list, page 1", {}),
            ("current list, page 2", {"page": 2}),
            ("past list, page 1", {"show": "past"}),
        ]:
            best, queries = measure(client, query, args.repeat)
            print(f"{label}: {best * 1000:.0f} ms (best of {args.repeat}), {queries} queries")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
