import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from consultations.imports import ImportFailed, responses_import
from consultations.models import Answer, Respondent
from tests.helpers import HEADER, csv_file, responses_imported

pytestmark = pytest.mark.django_db


def _import(consultation, *rows, header=HEADER, user=None):
    return responses_import(consultation=consultation, file=csv_file(*rows, header=header), user=user)


def _errors(consultation, *rows, header=HEADER):
    with pytest.raises(ImportFailed) as failed:
        _import(consultation, *rows, header=header)
    assert Respondent.objects.count() == 0, "a bad file must change nothing"
    return [(e.line, e.reason) for e in failed.value.result.errors]


def test_good_file_imports_every_respondent_and_skips_blank_answers(consultation, analyst):
    result = _import(
        consultation,
        "R1,online,Social care,Yes,5 or fewer,Talk to families",
        "R2,webinar,,no,,",  # option matched whatever its case
        user=analyst,
    )
    assert (result.rows, result.created, result.unchanged) == (2, 2, 0)
    assert responses_imported() == [
        ("R1", "online", "Social care", ["Yes", "5 or fewer"], [("q3", "Talk to families")]),
        ("R2", "webinar", None, ["No"], []),
    ]


def test_each_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_imported(consultation):
    errors = _errors(
        consultation,
        "R1,online,Social care,Yes,,",
        "R2,email,,Yes,,",
        "R3,online,Farming,Yes,,",
        "R4,online,,Maybe,,",
        "R1,webinar,,No,,",
        "R5,online,,Yes",
    )
    assert errors == [
        (3, "unknown channel 'email'"),
        (4, "unknown sector 'Farming'"),
        (5, "unknown option 'Maybe' for question q1"),
        (6, "duplicate respondent 'R1' (first on line 2)"),
        (7, "missing column 'q2', 'q3' (the row has 4 of 6)"),
    ]


def test_a_missing_column_in_the_header_is_reported_on_line_1(consultation):
    errors = _errors(consultation, "R1,online,,Yes,", header="respondent_id,channel,sector,q1,q2\n")
    assert errors == [(1, "missing column 'q3'")]


def test_a_multi_line_answer_keeps_later_line_numbers_right(consultation):
    errors = _errors(consultation, 'R1,online,,Yes,,"first line\nsecond line"', "R2,nowhere,,,,")
    assert errors == [(4, "unknown channel 'nowhere'")]


def test_importing_the_same_file_again_changes_nothing(consultation):
    rows = ("R1,online,Policing,Yes,More than 5,Some views", "R2,letter,,,,A letter")
    _import(consultation, *rows)
    before = list(Answer.objects.order_by("id").values_list("id", "respondent_id", "question_id", "text"))
    imported = responses_imported()
    again = _import(consultation, *rows)
    assert (again.created, again.unchanged) == (0, 2)
    after = list(Answer.objects.order_by("id").values_list("id", "respondent_id", "question_id", "text"))
    assert (before, imported) == (after, responses_imported())


def test_a_respondent_already_imported_with_different_answers_is_a_bad_row(consultation):
    _import(consultation, "R1,online,,Yes,,")
    with pytest.raises(ImportFailed) as failed:
        _import(consultation, "R2,online,,Yes,,", "R1,online,,No,,")
    assert [(e.line, e.reason) for e in failed.value.result.errors] == [
        (3, "respondent 'R1' was already imported with different answers")
    ]
    assert list(Respondent.objects.values_list("respondent_id", flat=True)) == ["R1"]


def test_the_row_by_row_import_writes_large_files_in_batches(consultation, monkeypatch):
    monkeypatch.setattr("consultations.imports.STAGING", False)  # as on SQLite
    monkeypatch.setattr("consultations.imports.BATCH_SIZE", 3)
    seen = []
    rows = [f"R{i},online,,Yes,," for i in range(10)]
    responses_import(consultation=consultation, file=csv_file(*rows), progress=lambda n, b: seen.append(n))
    assert seen == [3, 6, 9, 10]
    assert Respondent.objects.count() == 10


def test_a_bad_row_after_several_batches_still_rolls_back_everything(consultation, monkeypatch):
    monkeypatch.setattr("consultations.imports.BATCH_SIZE", 2)
    rows = [f"R{i},online,,Yes,," for i in range(7)] + ["R99,online,,Nope,,"]
    assert _errors(consultation, *rows) == [(9, "unknown option 'Nope' for question q1")]


def test_only_analysts_may_import(consultation, outsider):
    with pytest.raises(PermissionDenied):
        _import(consultation, "R1,online,,Yes,,", user=outsider)


def test_command_reports_bad_rows_and_fails(consultation, tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "R1,online,,Yes,,\nR2,fax,,,,\n")
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_responses", "test-consultation", str(path))
    assert "line 3: unknown channel 'fax'" in capsys.readouterr().err
    path.write_text(HEADER + "R1,online,,Yes,,\n")
    call_command("import_responses", "test-consultation", str(path))
    assert "1 respondents imported" in capsys.readouterr().out


def test_the_problem_count_includes_the_rows_not_listed(client, consultation, analyst, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    monkeypatch.setattr("consultations.imports.MAX_STORED_ERRORS", 2)
    client.force_login(analyst)
    body = HEADER + "".join(f"R{n},fax,,,,\n" for n in range(5))
    page = client.post(
        reverse("consultations:upload", args=[consultation.slug]),
        {"file": SimpleUploadedFile("r.csv", body.encode(), content_type="text/csv")},
        follow=True,
    ).content.decode()
    assert "Nothing was imported: 5 problems in the file" in page
    assert "and 3 more" in page


def test_bad_rows_are_listed_in_the_files_order(consultation):
    _import(consultation, "R1,online,,Yes,,")
    with pytest.raises(ImportFailed) as failed:
        _import(consultation, "R1,online,,No,,", "R2,fax,,,,", "R3,online,,Maybe,,")
    assert [(e.line, e.reason) for e in failed.value.result.errors] == [
        (2, "respondent 'R1' was already imported with different answers"),
        (3, "unknown channel 'fax'"),
        (4, "unknown option 'Maybe' for question q1"),
    ]


def test_a_sector_for_a_channel_that_does_not_ask_for_one_is_a_bad_row(consultation):
    errors = _errors(consultation, "R1,online,Policing,Yes,,", "R2,webinar,Policing,No,,")
    assert errors == [(3, "sector 'Policing' given, but channel 'webinar' does not ask for a sector")]
