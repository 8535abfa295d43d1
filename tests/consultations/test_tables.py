import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import demo
from consultations.imports import responses_import
from consultations.models import Consultation
from consultations.tables import consultation_tables, percent_half_up
from tests.helpers import csv_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "answered", "expected"),
    [(1, 8, 13), (1, 40, 3), (3, 8, 38), (1, 3, 33), (2, 3, 67), (0, 5, 0), (0, 0, 0), (5, 5, 100)],
)
def test_percentages_round_half_up(count, answered, expected):
    assert percent_half_up(count, answered) == expected


def test_rows_per_channel_and_total_count_only_those_who_answered(consultation):
    responses_import(
        consultation=consultation,
        file=csv_file(
            *[f"A{i},online,Social care,Yes,," for i in range(7)],
            "B1,online,,No,,",
            "B2,online,Policing,,,",  # answered nothing closed
            "W1,webinar,,Don't know,5 or fewer,",
            "L1,letter,,,,Just a letter",
        ),
    )
    tables = consultation_tables(consultation=consultation).as_dict()
    assert tables["responses"] == {"online": 9, "webinar": 1, "letter": 1, "total": 11}
    # Webinar and letter respondents are never asked their sector.
    assert tables["sectors"] == {"Social care": 7, "Policing": 1, "Did not answer": 1}
    q1 = tables["questions"][0]
    assert q1["code"] == "q1"
    assert q1["rows"] == [
        {
            "channel": "online",
            "answered": 8,
            "counts": {"Yes": 7, "No": 1, "Don't know": 0},
            "percentages": {"Yes": 88, "No": 13, "Don't know": 0},  # 87.5 and 12.5 round up
        },
        {
            "channel": "webinar",
            "answered": 1,
            "counts": {"Yes": 0, "No": 0, "Don't know": 1},
            "percentages": {"Yes": 0, "No": 0, "Don't know": 100},
        },
        {
            "channel": "letter",
            "answered": 0,
            "counts": {"Yes": 0, "No": 0, "Don't know": 0},
            "percentages": {"Yes": 0, "No": 0, "Don't know": 0},
        },
        {
            "channel": "total",
            "answered": 9,
            "counts": {"Yes": 7, "No": 1, "Don't know": 1},
            "percentages": {"Yes": 78, "No": 11, "Don't know": 11},
        },
    ]
    assert [q["code"] for q in tables["questions"]] == ["q1", "q2"], "free-text questions have no table"


def _queries(consultation) -> int:
    with CaptureQueriesContext(connection) as ctx:
        consultation_tables(consultation=consultation)
    return len(ctx.captured_queries)


def test_tables_take_the_same_number_of_queries_whatever_the_size(consultation):
    responses_import(consultation=consultation, file=csv_file("R0,online,,Yes,,"))
    small = _queries(consultation)
    responses_import(
        consultation=consultation, file=csv_file(*[f"R{i},webinar,,No,More than 5,x" for i in range(1, 300)])
    )
    assert _queries(consultation) == small <= 7


def test_command_prints_json_and_csv(consultation, capsys):
    responses_import(consultation=consultation, file=csv_file("R1,online,Policing,Yes,5 or fewer,"))
    call_command("consultation_tables", "test-consultation", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["responses"]["total"] == 1
    call_command("consultation_tables", "test-consultation", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == {
        "table": "responses",
        "question": "",
        "channel": "online",
        "option": "",
        "count": "1",
        "answered": "",
        "percentage": "",
    }
    assert {"table": "question", "question": "q1", "channel": "total", "option": "Yes", "count": "1",
            "answered": "1", "percentage": "100"} in rows  # fmt: skip


# Annex 1 as printed: option -> "count (percent%)" per row, rows online, webinars, total.
ANNEX_1 = {
    "q1a": ["167 95 3 2 5 3", "49 84 3 5 6 10", "216 93 6 3 11 5"],
    "q1b": ["159 92 5 3 9 5", "54 89 1 2 6 10", "213 91 6 3 15 7"],
    "q1c": ["164 94 5 3 6 3", "51 85 4 7 5 8", "215 91 9 4 11 5"],
    "q2": ["129 75 36 21 8 5", "36 60 21 35 3 5", "165 71 57 24 11 5"],
    "q3": ["98 56 71 41 6 3", "19 32 35 59 5 8", "117 50 106 45 11 5"],
    "q4": ["54 32 83 49 17 10 17 10", "23 40 21 37 6 11 7 12", "77 34 104 46 23 10 24 11"],
    "q5": ["130 74 28 16 17 10", "51 88 3 5 4 7", "181 78 31 13 21 9"],
    "q6": ["149 86 19 11 5 3", "52 90 4 7 2 3", "201 87 23 10 7 3"],
    "q7": ["7 4 165 94 3 2", "13 22 46 77 1 2", "20 9 211 90 4 2"],
    "q8": ["96 55 75 43 3 2", "43 81 10 19 0 0", "139 61 85 37 3 1"],
    "q10": ["95 67 26 18 21 15", "28 49 12 21 17 30", "123 62 38 19 38 19"],
}


def test_demo_reproduces_every_count_of_annex_1_and_shows_what_the_data_gives(capsys):
    demo.load(io.StringIO())
    tables = consultation_tables(consultation=Consultation.objects.get(slug="jtai-2015")).as_dict()
    # Printed "272" is 180 + 72 + 10 = 262.
    assert tables["responses"] == {"online": 180, "webinar": 72, "other": 10, "total": 262}
    assert sum(tables["sectors"].values()) == 180
    assert tables["sectors"]["Local safeguarding children board"] == 29
    assert tables["sectors"]["Did not answer"] == 27
    mismatches = []
    for question in tables["questions"]:
        rows = {r["channel"]: r for r in question["rows"]}
        assert rows["other"]["answered"] == 0
        for channel, printed in zip(["online", "webinar", "total"], ANNEX_1[question["code"]], strict=True):
            numbers = [int(n) for n in printed.split()]
            row = rows[channel]
            assert list(row["counts"].values()) == numbers[0::2]
            for (option, pct), printed_pct in zip(row["percentages"].items(), numbers[1::2], strict=True):
                if pct != printed_pct:
                    mismatches.append((question["code"], channel, option, printed_pct, pct))
    # The document's one rounding slip: 15 of 234 is 6.4%, printed as 7%.
    assert mismatches == [("q1b", "total", "Don't know", 7, 6)]


def test_loading_the_demo_twice_changes_nothing():
    demo.load(io.StringIO())
    consultation = Consultation.objects.get(slug="jtai-2015")
    before = (
        consultation.respondents.count(),
        consultation.outcomes.count(),
        consultation.history.count(),
        consultation.questions.get(code="q9").themes.count(),
    )
    demo.load(io.StringIO())
    after = (
        consultation.respondents.count(),
        consultation.outcomes.count(),
        consultation.history.count(),
        consultation.questions.get(code="q9").themes.count(),
    )
    assert before == after
