"""Benchmark: a letter of findings and a thematic report rendered through the app's own path,
against the same HTML rendered by WeasyPrint alone, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jtai_bench .venv/bin/python benchmarks/reports_render.py \
        [--letters 50] [--repeat 7]

The app's path is what a worker does: ask for the PDF in a transaction (compose the letter from
its rows and freeze it as a version; for the thematic report, set its edition pending), claim the
job with a lease, render the print template, store the file with its checksum and record it.
"WeasyPrint alone" renders the identical HTML string with the same options (PDF/UA-1, the same
URL fetcher) and nothing else. The ratio is the app's overhead. Times are the best of --repeat
runs, the two taken turn about; peak memory is Python's peak allocation (tracemalloc) during one
run of each, and the process's peak resident size at the end. Uses the database DATABASE_URL names, migrating it
first, under a benchmark theme and area; removes its rows at the end.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="jtai-bench-"))

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint import HTML  # noqa: E402, TID251 - the baseline is WeasyPrint with nothing of the app around it

from inspections.models import (  # noqa: E402
    Agency,
    AgencyKind,
    Area,
    FrameworkVersion,
    Inspection,
    ScopeArea,
    Stage,
    Theme,
)
from inspections.reports import demo, renders  # noqa: E402
from inspections.reports.models import (  # noqa: E402
    Addressee,
    Finding,
    FindingKind,
    Letter,
    LetterStatus,
    Priority,
    Recommendation,
    RenderStatus,
    ThematicEdition,
    ThematicReport,
)
from jtai.pdf import ACCESSIBLE_VARIANT, BASE_URL, LocalAssetFetcher  # noqa: E402

THEME = "benchmark-theme"
PREFIX = "BENCH-"
SENTENCE = (
    "Leaders across the partnership share a clear understanding of the risks that children face, and "
    "practitioners in every agency act quickly on information about children who go missing or who are "
    "at risk of exploitation, although the quality of recording varies between teams and over time."
)
WORDS = SENTENCE.split(" ")


def paragraph(n: int, words: int = 70) -> str:
    return " ".join(WORDS[(n + i) % len(WORDS)] for i in range(words)).capitalize() + "."


def cleanup() -> None:
    inspections = Inspection.objects.filter(reference__startswith=PREFIX)
    Letter.objects.filter(inspection__in=inspections).delete()
    Finding.objects.filter(inspection__in=inspections).delete()
    Recommendation.objects.filter(inspection__in=inspections).delete()
    ThematicEdition.objects.filter(report__theme__slug=THEME).delete()
    ThematicReport.objects.filter(theme__slug=THEME).delete()
    for inspection in inspections:
        inspection.milestones.all().delete()
        inspection.team.all().delete()
        inspection.stage_changes.all().delete()
    inspections.delete()
    Theme.objects.filter(slug=THEME).delete()
    Agency.objects.filter(name__startswith="Benchmark ").delete()
    Area.objects.filter(name__startswith="Benchmark ").delete()


def add_demo_letter(inspection: Inspection, police: Agency, health: Agency) -> None:
    """The demo's published letter's findings and recommendations: the realistic, longer letter."""
    scopes = dict(enumerate(ScopeArea.objects.order_by("order"), start=1))
    for order, (area, kind, headline, text, kinds) in enumerate(demo.FINDINGS, start=1):
        finding = Finding.objects.create(
            inspection=inspection,
            scope_area=scopes[area],
            kind=kind,
            headline=headline,
            text=text,
            order=order,
            is_key_strength=headline in demo.KEY_STRENGTHS,
            case_study=demo.CASE_STUDIES.get(headline, ""),
            **demo.leadership_of(area, headline),
        )
        if kinds:
            finding.agencies.set([police])
    for order, (priority, area, who, text) in enumerate(demo.RECOMMENDATIONS, start=1):
        r = Recommendation.objects.create(
            inspection=inspection,
            priority=priority,
            scope_area=scopes[area],
            addressee=Addressee.JOINT if who == "joint" else Addressee.AGENCIES,
            text=text,
            order=order,
        )
        if who != "joint":
            r.agencies.set([health])


def make_inspection(i: int, theme: Theme, framework: FrameworkVersion, *, findings: int, recs: int) -> Inspection:
    area = Area.objects.create(name=f"Benchmark area {i}", ons_code=f"B{i:08d}")
    police = Agency.objects.create(name=f"Benchmark police {i}", kind=AgencyKind.POLICE)
    health = Agency.objects.create(name=f"Benchmark health {i}", kind=AgencyKind.HEALTH)
    police.areas.add(area)
    health.areas.add(area)
    inspection = Inspection.objects.create(
        reference=f"{PREFIX}{i:03d}",
        area=area,
        framework=framework,
        theme=theme,
        onsite_start=datetime.date(2016, 3, 7),
        stage=Stage.PUBLISHED,
    )
    if findings == 0:
        add_demo_letter(inspection, police, health)
        return inspection
    scopes = list(ScopeArea.objects.order_by("order"))
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            scope_area=scopes[n % 4],
            kind=FindingKind.STRENGTH if n % 2 else FindingKind.IMPROVEMENT,
            headline=f"Common finding {n % 12}",
            text=paragraph(n),
            order=n,
        )
        for n in range(findings)
    )
    for n in range(recs):
        r = Recommendation.objects.create(
            inspection=inspection,
            priority=Priority.PRIORITY_ACTION if n % 3 == 0 else Priority.DEVELOPMENT,
            scope_area=scopes[n % 4],
            addressee=Addressee.JOINT if n % 2 else Addressee.AGENCIES,
            text=paragraph(n, 40),
            order=n,
        )
        if r.addressee == Addressee.AGENCIES:
            r.agencies.set([police if n % 4 else health])
    return inspection


def baseline(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalAssetFetcher()).write_pdf(
        pdf_variant=ACCESSIBLE_VARIANT
    )


def interleaved(app, alone, repeat: int) -> tuple[float, float, bytes]:
    """The best time of each, run turn about so that both see the same load on a shared machine."""
    app_times, alone_times, data = [], [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        data = app()
        app_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        alone()
        alone_times.append(time.perf_counter() - start)
    return min(app_times), min(alone_times), data


def peak(fn) -> int:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def pages(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--findings", type=int, default=0, help="findings of filler text in the long letter; 0 for the demo's letter"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    cleanup()
    framework = FrameworkVersion.objects.get(slug="jtai-2016")
    theme = Theme.objects.create(slug=THEME, name="Benchmark theme: children missing from home")
    try:
        long = make_inspection(0, theme, framework, findings=args.findings, recs=12)
        letter = Letter.objects.create(inspection=long)
        for i in range(1, args.letters + 1):
            inspection = make_inspection(i, theme, framework, findings=8, recs=6)
            Letter.objects.create(inspection=inspection, status=LetterStatus.PUBLISHED, published_at=timezone.now())
        report = ThematicReport.objects.create(theme=theme, summary=paragraph(1) + "\n\n" + paragraph(2))
        edition = ThematicEdition.objects.create(report=report, number=1, summary=report.summary)
        edition.letters.set(Letter.objects.filter(inspection__theme=theme, status=LetterStatus.PUBLISHED))

        def app_letter() -> bytes:
            with transaction.atomic():
                version = renders.letter_version_request(letter=letter, user=None, purpose="final")
            renders.letter_version_render(version_id=version.pk)
            version.refresh_from_db()
            return version.file.read()

        def app_thematic() -> bytes:
            with transaction.atomic():
                ThematicEdition.objects.filter(pk=edition.pk).update(status=RenderStatus.PENDING, attempts=0)
            renders.thematic_pdf_render(edition_id=edition.pk)
            edition.refresh_from_db()
            return edition.file.read()

        version_content = renders.selectors.composed_letter(long)
        letter_html = render_to_string(renders.LETTER_TEMPLATE, {"letter": version_content, "number": 1})
        thematic_html = render_to_string(
            renders.THEMATIC_TEMPLATE,
            renders.selectors.thematic_context(theme=theme, report=report, edition=edition, links=False),
        )
        # Warm up both (fonts, templates), then measure.
        baseline(letter_html)
        app_letter()
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(app_letter)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        rows = []
        for name, app, html in (
            ("letter", app_letter, letter_html),
            (f"thematic report over {args.letters} letters", app_thematic, thematic_html),
        ):
            app_seconds, alone_seconds, data = interleaved(app, lambda html=html: baseline(html), args.repeat)
            rows.append((name, pages(data), app_seconds, alone_seconds, peak(app), peak(lambda h=html: baseline(h))))
        print(
            f"{'what':<36} {'pages':>5} {'app s':>7} {'alone s':>8} {'ratio':>6} {'app peak MiB':>13} {'alone MiB':>10}"
        )
        for name, n, app_s, alone_s, app_mem, alone_mem in rows:
            print(
                f"{name:<36} {n:>5} {app_s:>7.3f} {alone_s:>8.3f} {app_s / alone_s:>6.2f} "
                f"{app_mem / 2**20:>13.1f} {alone_mem / 2**20:>10.1f}"
            )
        print(f"process peak resident size: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        cleanup()


if __name__ == "__main__":
    main()
