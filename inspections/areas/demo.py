"""The demo's area records: three years of invented bellwether indicators for the demo's areas and
England (the file shipped in demo_data/, in the statistics service's layout), and some of what
the inspectorates know of the areas. Through the services, as a manager would; running it twice
changes nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from inspections.models import Area

from .imports import indicator_import_run
from .intelligence import good_practice_note_record, intelligence_note_record, other_evaluation_record
from .models import EvaluationKind, GoodPracticeSign, IndicatorImport, IndicatorValue, OtherEvaluation

INDICATORS_FILE = Path(__file__).parent / "demo_data" / "bellwether_indicators.csv"

EVALUATIONS = [
    # (ONS code, kind, title, date, outcome, link)
    (
        "E10000025",
        EvaluationKind.INSPECTION,
        "Inspection of services for children in need of help and protection (SIF)",
        datetime.date(2015, 5, 22),
        "Requires improvement to be good",
        "https://reports.ofsted.gov.uk/",
    ),
    (
        "E09000008",
        EvaluationKind.PEER_REVIEW,
        "Safeguarding peer review",
        datetime.date(2015, 11, 12),
        "Strong front door; thresholds applied inconsistently",
        "",
    ),
    (
        "E08000012",
        EvaluationKind.LSCB_ANNUAL_REPORT,
        "Liverpool Safeguarding Children Board annual report 2014 to 2015",
        datetime.date(2015, 9, 30),
        "",
        "",
    ),
]
GOOD_PRACTICE = [
    (
        "E06000056",
        GoodPracticeSign.RETURN_HOME,
        "Return-home interviews offered within 72 hours for 94% of missing episodes (the council's quarterly "
        "report to the LSCB, December 2015).",
        datetime.date(2015, 12, 10),
    ),
    (
        "E06000025",
        GoodPracticeSign.PARENT_LIAISON,
        "A parent liaison officer sits in the exploitation team and supports families through disruption work "
        "(the police force's briefing to the regional network).",
        datetime.date(2015, 10, 1),
    ),
]
INTELLIGENCE = [
    (
        "E08000015",
        "DfE regional adviser",
        "Three changes of DCS in eighteen months; agency social workers hold a third of the caseloads.",
        datetime.date(2016, 1, 18),
    ),
]


def load(out) -> None:
    manager = get_user_model().objects.get(username="manager")
    areas = {a.ons_code: a for a in Area.objects.all()}
    if not IndicatorImport.objects.filter(original_name=INDICATORS_FILE.name).exists():
        indicator_import_run(name=INDICATORS_FILE.name, text=INDICATORS_FILE.read_text(encoding="utf-8"), user=manager)
    if not OtherEvaluation.objects.exists():
        for code, kind, title, date, outcome, url in EVALUATIONS:
            other_evaluation_record(
                user=manager, area=areas[code], kind=kind, title=title, date=date, outcome=outcome, url=url
            )
        for code, sign, evidence, seen_on in GOOD_PRACTICE:
            good_practice_note_record(user=manager, area=areas[code], sign=sign, evidence=evidence, seen_on=seen_on)
        for code, source, text, received_on in INTELLIGENCE:
            intelligence_note_record(user=manager, area=areas[code], source=source, text=text, received_on=received_on)
    out.write(f"Area indicators: {IndicatorValue.objects.count()} values, from {INDICATORS_FILE.name}\n")
