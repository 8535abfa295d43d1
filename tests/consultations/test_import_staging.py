"""PostgreSQL's set-based import: every kind of bad row named by line and field, in line order,
capped, nothing imported; files refused before anything is staged; statements that do not grow
with the rows; and the same words as the row-by-row import that SQLite uses (the tests not
marked for PostgreSQL run on either database)."""

import contextlib
import io
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations import imports
from consultations.imports import ImportFailed, ResponseImport, _record, responses_import
from consultations.models import Answer, Respondent
from consultations.staging import WHITESPACE
from tests.helpers import HEADER, csv_file, responses_imported

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the staging import is PostgreSQL's")


def _failed(consultation, file):
    before = Respondent.objects.count(), Answer.objects.count()
    with CaptureQueriesContext(connection) as queries, pytest.raises(ImportFailed) as failed:
        responses_import(consultation=consultation, file=file)
    assert (Respondent.objects.count(), Answer.objects.count()) == before, "a bad file must change nothing"
    return failed.value.result, [q["sql"] for q in queries.captured_queries]


def _errors(consultation, *rows, header=HEADER):
    result, statements = _failed(consultation, csv_file(*rows, header=header))
    if connection.vendor == "postgresql":
        assert any("consultations_staging_" in sql for sql in statements), "checked in the database"
    return [(e.line, e.reason) for e in result.errors]


@pytest.mark.parametrize(
    "row, reason",
    [
        ("R2,email,,Yes,,", "unknown channel 'email'"),
        ("R2,,,Yes,,", "channel is blank"),
        ("R2,online,Farming,Yes,,", "unknown sector 'Farming'"),
        ("R2,letter,Policing,,,", "sector 'Policing' given, but channel 'letter' does not ask for a sector"),
        ("R2,online,,Perhaps,,", "unknown option 'Perhaps' for question q1"),
        ("R2,online,,,Dozens,", "unknown option 'Dozens' for question q2"),
        (" ,online,,Yes,,", "respondent_id is blank"),
        ("R" * 101 + ",online,,Yes,,", "respondent_id is longer than 100 characters"),
        ("R1,webinar,,No,,", "duplicate respondent 'R1' (first on line 2)"),
    ],
)
def test_each_kind_of_bad_row_is_named_by_its_line_and_field(consultation, row, reason):
    assert _errors(consultation, "R1,online,,Yes,,", row, "R3,online,,No,,") == [(3, reason)]


@pytest.mark.parametrize("staging", [True, False], ids=["staged", "row by row"])
def test_a_respondent_imported_before_with_another_channel_sector_or_answer_is_a_bad_row(
    consultation, monkeypatch, staging
):
    # Both ways of importing hold the rule, whichever the database and the file take.
    monkeypatch.setattr("consultations.imports.STAGING", staging)
    responses_import(consultation=consultation, file=csv_file("R1,online,Policing,Yes,,Views", "R2,online,,,,"))
    changed = (
        "R1,online,Social care,Yes,,Views",  # sector
        "R1,webinar,,Yes,,Views",  # channel
        "R1,online,Policing,No,,Views",  # option
        "R1,online,Policing,Yes,5 or fewer,Views",  # an answer added
        "R1,online,Policing,Yes,,",  # an answer taken away
        "R1,online,Policing,Yes,,Other views",  # free text
    )
    for row in changed:
        with pytest.raises(ImportFailed) as failed:
            responses_import(consultation=consultation, file=csv_file("R3,online,,,,", row))
        assert [(e.line, e.reason) for e in failed.value.result.errors] == [
            (3, "respondent 'R1' was already imported with different answers")
        ], row
    assert Respondent.objects.count() == 2
    again = csv_file(" R1 ,online, policing ,YES,,  Views ", "R2,online,,,,", "R3,letter,,,,")
    same = responses_import(consultation=consultation, file=again)
    assert (same.rows, same.created, same.unchanged) == (3, 1, 2)


def test_bad_rows_of_every_kind_are_listed_in_line_order_with_every_reason_of_a_row(consultation):
    responses_import(consultation=consultation, file=csv_file("R0,online,,Yes,,"))
    rows = (
        "R1,online,,Yes,,",
        "R0,online,,No,,",
        'R2,online,,Yes,,"two\nlines"',
        ",fax,Farming,Maybe,Lots,",
        "R1,online,,No,,",
        "R3,online,,Yes,,",
    )
    result, _ = _failed(consultation, csv_file(*rows))
    errors = [(e.line, e.reason) for e in result.errors]
    assert result.error_count == len(errors)
    assert errors == [
        (3, "respondent 'R0' was already imported with different answers"),
        (6, "respondent_id is blank"),
        (6, "unknown channel 'fax'"),
        (6, "unknown sector 'Farming'"),
        (6, "unknown option 'Maybe' for question q1"),
        (6, "unknown option 'Lots' for question q2"),
        (7, "duplicate respondent 'R1' (first on line 2)"),
    ]


def test_the_first_1000_problems_are_listed_with_a_count_of_the_rest(consultation, analyst):
    rows = [f"R{n},fax,,,," for n in range(1005)]
    result, _ = _failed(consultation, csv_file("R-good,online,,Yes,,", *rows))
    assert (result.error_count, len(result.errors)) == (1005, 1000)
    assert [e.line for e in result.errors[:2]] == [3, 4]
    assert result.errors[-1].line == 1002
    record = ResponseImport(consultation=consultation, original_name="r.csv", created_by=analyst)
    _record(record, ResponseImport.Status.FAILED, result)
    assert record.errors[-1] == {"line": None, "reason": "and 5 more"}


@pytest.mark.parametrize(
    "content, line, reason",
    [
        (b"PK\x03\x04 an xlsx spreadsheet", 1, "the file is not a CSV file"),
        (HEADER.encode() + b"R1,online,,Yes,,\nR2,online,,\x00,,\n", 3, "the file is not a CSV file"),
        (HEADER.encode() + "R1,online,,Yes,,\nR2,online,,,,Caf\xe9\n".encode("latin-1"), 3, "the file is not UTF-8"),
        (b"respondent_id,channel,sector,q1,q2\nR1,online,,Yes,\n", 1, "missing column 'q3'"),
        (HEADER.strip().encode() + b",q9\nR1,online,,Yes,,,\n", 1, "unknown column 'q9'"),
    ],
)
def test_a_file_that_is_not_our_csv_is_refused_before_anything_is_staged(consultation, content, line, reason):
    result, statements = _failed(consultation, io.BytesIO(content))
    assert [(e.line, e.reason[: len(reason)]) for e in result.errors] == [(line, reason)]
    assert not any("staging" in sql for sql in statements)


def test_a_problem_past_the_first_megabyte_is_named_by_its_line(consultation):
    # The content check reads the file a megabyte at a time and counts lines only for a refused file.
    rows = "".join(f"R{i},online,,Yes,,\n" for i in range(60_000))
    content = HEADER.encode() + rows.encode() + "R,online,,,,Caf\xe9\n".encode("latin-1")
    assert len(content) > 1 << 20
    result, statements = _failed(consultation, io.BytesIO(content))
    assert [(e.line, e.reason[:21]) for e in result.errors] == [(60_002, "the file is not UTF-8")]
    assert not any("staging" in sql for sql in statements)


@pytest.mark.parametrize("at", [(1 << 20) - 2, (1 << 20) - 1, 1 << 20])
def test_a_line_of_backslash_dot_is_found_where_the_file_is_read_in_two(at):
    # PostgreSQL's COPY would stop at it: such a file is read row by row.
    before = b"x" * (at - 1) + b"\n"
    assert imports._content_problem(io.BytesIO(before + b"\\.\nR1\n")) == (None, False)
    assert imports._content_problem(io.BytesIO(before + b"\\x\nR1\n")) == (None, True)


@postgresql
def test_the_number_of_statements_does_not_grow_with_the_rows(consultation):
    def statements(n: int, prefix: str) -> int:
        rows = [f"{prefix}{i},online,Policing,Yes,More than 5,Views {i}" for i in range(n)]
        with CaptureQueriesContext(connection) as queries:
            result = responses_import(consultation=consultation, file=csv_file(*rows))
        assert result.created == n
        return len(queries)

    assert statements(5, "A") == statements(500, "B")
    assert responses_imported()[-1] == ("B499", "online", "Policing", ["Yes", "More than 5"], [("q3", "Views 499")])


@postgresql
def test_answers_are_written_as_the_row_by_row_import_writes_them(consultation, monkeypatch):
    rows = (
        'R1, online ," social care ", yes ,MORE THAN 5,"  Keep it short\r\nplease  "',
        "R2,letter,,,,A letter",
        "R3,webinar,,Don't know,,",
    )

    responses_import(consultation=consultation, file=csv_file(*rows))
    staged = responses_imported()
    assert staged == [
        ("R1", "online", "Social care", ["Yes", "More than 5"], [("q3", "Keep it short\r\nplease")]),
        ("R2", "letter", None, [], [("q3", "A letter")]),
        ("R3", "webinar", None, ["Don't know"], []),
    ], "respondents keep the file's order"
    Respondent.objects.all().delete()
    monkeypatch.setattr("consultations.imports.STAGING", False)
    responses_import(consultation=consultation, file=csv_file(*rows))
    assert responses_imported() == staged


@postgresql
def test_a_file_postgresqls_csv_reader_refuses_is_checked_row_by_row_with_the_same_words(consultation):
    # A blank line and a short row: COPY stops at either, so these rows go through Python.
    result = responses_import(consultation=consultation, file=csv_file("R1,online,,Yes,,", "", "R2,letter,,,,"))
    assert (result.rows, result.created) == (2, 2)
    Respondent.objects.all().delete()
    assert _errors_row_by_row(consultation, "R1,online,,Yes,,", "", "R2,fax,,", "R3,fax,,,,") == [
        (4, "missing column 'q2', 'q3' (the row has 4 of 6)"),
        (5, "unknown channel 'fax'"),
    ]


def _errors_row_by_row(consultation, *rows):
    result, _ = _failed(consultation, csv_file(*rows))
    return [(e.line, e.reason) for e in result.errors]


@postgresql
def test_progress_reaches_every_row_and_the_whole_file(consultation):
    seen = []
    file = csv_file(*(f"R{i},online,,Yes,," for i in range(10)))
    responses_import(consultation=consultation, file=file, progress=lambda rows, read: seen.append((rows, read)))
    assert seen[-1] == (10, len(file.getvalue()))


def test_values_are_trimmed_of_what_pythons_strip_removes():
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == WHITESPACE


def test_an_upload_that_is_not_utf8_fails_with_its_line_on_the_import_page(client, consultation, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(analyst)
    body = (HEADER + "R1,online,,Yes,,\nR2,online,,,,Caf\xe9\n").encode("latin-1")
    page = client.post(
        reverse("consultations:upload", args=[consultation.slug]),
        {"file": SimpleUploadedFile("r.csv", body, content_type="text/csv")},
        follow=True,
    ).content.decode()
    assert "Nothing was imported" in page
    assert "the file is not UTF-8 text: save it as CSV (UTF-8)" in page
    assert ResponseImport.objects.get().errors == [
        {"line": 3, "reason": "the file is not UTF-8 text: save it as CSV (UTF-8)"}
    ]
    assert not Respondent.objects.exists()


_VALUES = {
    "respondent_id": ["R1", "R2", " R1 ", "", "R3"],
    "channel": ["online", "webinar", "letter", " online", "fax", "", "ONLINE"],
    "sector": ["", "Policing", " policing ", "Farming", "Social care", "  "],
    "q1": ["", "Yes", "yes", " NO ", "Maybe", "Don't know"],
    "q2": ["", "5 or fewer", "More than 5", "Lots", " more than 5"],
    "q3": ["", "Views", " Views ", "Other views", " "],
}
_ANY_ROW = st.tuples(*(st.sampled_from(values) for values in _VALUES.values())).map(",".join)
# Rows every rule accepts, written the ways people write them (case, spaces): most files then
# import, so that what each path writes is compared, not only what each refuses.
_GOOD_ROW = st.tuples(
    st.sampled_from(["R1", "R2", " R1 ", "R3", "R4 "]),
    st.sampled_from(["online,", "online,Policing", "online, social care ", "webinar,", "letter,", " letter ,"]),
    st.sampled_from(["", "Yes", "yes", " NO ", "Don't know"]),
    st.sampled_from(["", "5 or fewer", " more than 5"]),
    st.sampled_from(["", "Views", " Views ", "Other views"]),
).map(",".join)
_ROW = st.one_of(_GOOD_ROW, _GOOD_ROW, _ANY_ROW)


def _outcome(consultation, before: list[str], rows: list[str], *, staged: bool) -> tuple:
    """What importing `rows` does, after `before` was imported (or refused), by one path."""
    Respondent.objects.all().delete()
    with contextlib.suppress(ImportFailed):
        responses_import(consultation=consultation, file=csv_file(*before))
    imports.STAGING = staged
    try:
        result = responses_import(consultation=consultation, file=csv_file(*rows))
        said = ("imported", result.rows, result.created, result.unchanged)
    except ImportFailed as failed:
        said = ("refused", failed.result.error_count, [(e.line, e.reason) for e in failed.result.errors])
    finally:
        imports.STAGING = True
    return said, responses_imported()


@postgresql
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(_ROW, max_size=3), rows=st.lists(_ROW, min_size=1, max_size=6))
def test_both_paths_import_and_refuse_the_same_files_in_the_same_words(consultation, before, rows):
    assert _outcome(consultation, before, rows, staged=True) == _outcome(consultation, before, rows, staged=False)


@postgresql
def test_respondent_ids_are_compared_byte_by_byte_by_their_unique_index():
    """ADR 0013: after the rows themselves, the unique index on (consultation, respondent id) is
    the dearest part of an import's write; collation "C" makes each of its comparisons a
    comparison of bytes (migration 0007)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [Respondent._meta.db_table, "respondent_id"],
        )
        assert cursor.fetchone() == ("C",)


def test_respondent_ids_differing_only_in_case_or_accents_are_different_respondents(consultation):
    result = responses_import(
        consultation=consultation, file=csv_file("R1,online,,Yes,,", "r1,online,,No,,", "Ré1,online,,Yes,,")
    )
    assert result.created == 3
    assert sorted(Respondent.objects.values_list("respondent_id", flat=True)) == ["R1", "Ré1", "r1"]
