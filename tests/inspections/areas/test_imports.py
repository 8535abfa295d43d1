"""Importing indicators: the statistics files' layout, suppression symbols, all or nothing, re-import."""

from decimal import Decimal

import pytest

from inspections.areas.imports import ImportFailed, indicator_import_run
from inspections.areas.indicators import year_of
from inspections.areas.models import ImportStatus, IndicatorImport, IndicatorValue

from .conftest import HEADER, csv_text

pytestmark = pytest.mark.django_db


def values(indicator):
    return {
        (v.area.name if v.area else "England", v.year): (v.value, v.symbol)
        for v in IndicatorValue.objects.filter(indicator=indicator).select_related("area")
    }


def test_a_good_file_is_read_by_ons_code_with_englands_row(croydon, wirral, re_referrals, assessments):
    text = csv_text(
        "201415,National,,,24.0,81.5",
        "201415,Regional,,,25.1,80.0",
        # Named as the council now calls itself: matched by its code, not its name.
        "201415,Local authority,E09000008,London Borough of Croydon,21.3,76.2",
        "2015,Local authority,E08000015,Wirral,30.1,88",
    )
    done = indicator_import_run(name="cin.csv", text=text)
    assert values(re_referrals) == {
        ("England", 2015): (Decimal("24.00"), ""),
        ("Croydon", 2015): (Decimal("21.30"), ""),
        ("Wirral", 2015): (Decimal("30.10"), ""),
    }
    assert values(assessments)[("Wirral", 2015)] == (Decimal("88.00"), "")
    assert done.status == ImportStatus.APPLIED
    assert done.summary["years"] == [2015]


def test_201415_and_2015_are_the_same_year_and_other_periods_are_not_years():
    assert year_of("201415") == year_of("2015") == 2015
    assert year_of("201416") is None
    assert year_of("15") is None


def test_suppression_symbols_are_kept_as_not_published(croydon, wirral, re_referrals, assessments):
    indicator_import_run(
        name="cin.csv",
        text=csv_text("201516,Local authority,E09000008,Croydon,c,low", "201516,Local authority,E08000015,Wirral,x,z"),
    )
    assert values(re_referrals) == {("Croydon", 2016): (None, "c"), ("Wirral", 2016): (None, "x")}
    assert values(assessments) == {("Croydon", 2016): (None, "low"), ("Wirral", 2016): (None, "z")}


def test_columns_no_indicator_reads_are_ignored_and_listed_once(croydon, re_referrals):
    done = indicator_import_run(
        name="cin.csv",
        text=csv_text(
            "201516,Local authority,E09000008,Croydon,20,9,1",
            "201415,Local authority,E09000008,Croydon,21,9,2",
            header=f"{HEADER},referrals_per_10000",
        ),
    )
    assert done.summary["ignored_columns"] == ["referrals_per_10000"]


def test_a_bad_file_names_each_line_and_column_and_imports_nothing(croydon, re_referrals):
    text = csv_text(
        "201516,Local authority,E09000008,Croydon,20.5,80",
        "201516,Local authority,E06000099,Nowhere,20.5,80",
        "201516,Local authority,E09000008,Croydon,21,81",
        "201415,Local authority,E09000008,Croydon,twenty,80",
    )
    with pytest.raises(ImportFailed) as failed:
        indicator_import_run(name="cin.csv", text=text)
    assert [str(e) for e in failed.value.errors] == [
        "Line 3, column new_la_code: No area has the ONS code “E06000099” (Nowhere)",
        "Line 4, column time_period: A second row for E09000008 in 2015 to 2016: the first is on line 2",
        "Line 5, column re_referrals_12m_pc: “twenty” is not a number or a suppression symbol (c, x, z, low…)",
    ]
    assert failed.value.message == "The file has 3 errors, so nothing was imported"
    assert not IndicatorValue.objects.exists()
    assert not IndicatorImport.objects.exists()


def test_a_file_without_the_layout_is_refused(croydon):
    with pytest.raises(ImportFailed) as failed:
        indicator_import_run(name="other.csv", text="area,value\nCroydon,3\n")
    assert str(failed.value.errors[0]) == (
        "Line 1: The file has no time_period, geographic_level, new_la_code, la_name column: is it the right file?"
    )


def test_a_second_import_of_a_year_replaces_it_and_keeps_who_imported_what(
    croydon, wirral, re_referrals, assessments, manager
):
    first = indicator_import_run(
        name="2016.csv",
        text=csv_text(
            "201516,Local authority,E09000008,Croydon,20,80",
            "201516,Local authority,E08000015,Wirral,30,70",
            "201415,Local authority,E09000008,Croydon,19,79",
        ),
    )
    second = indicator_import_run(
        name="2016-revised.csv",
        text=csv_text("201516,Local authority,E09000008,Croydon,22,c"),
        user=manager.user,
    )
    assert values(re_referrals) == {
        ("Croydon", 2016): (Decimal("22.00"), ""),
        # The revised year holds no Wirral row: its old value goes with the year it replaced.
        ("Croydon", 2015): (Decimal("19.00"), ""),
    }
    assert values(assessments)[("Croydon", 2016)] == (None, "c")
    latest = IndicatorValue.objects.get(indicator=re_referrals, area=croydon, year=2016)
    assert latest.source_import == second
    assert (second.applied_by, second.original_name) == (manager.user, "2016-revised.csv")
    assert IndicatorValue.objects.get(indicator=re_referrals, area=croydon, year=2015).source_import == first


def test_the_command_imports_the_demo_file_and_says_what_it_ignored(db, capsys):
    from django.core.management import call_command

    from inspections.areas.demo import INDICATORS_FILE
    from tests.inspections import factories

    for name, code in [
        ("Central Bedfordshire", "E06000056"),
        ("Croydon", "E09000008"),
        ("Liverpool", "E08000012"),
        ("Wirral", "E08000015"),
        ("South Gloucestershire", "E06000025"),
        ("Oxfordshire", "E10000025"),
    ]:
        factories.AreaFactory(name=name, ons_code=code)
    call_command("import_area_indicators", str(INDICATORS_FILE))
    out = capsys.readouterr().out
    assert "Imported 84 values (2 not published) of 4 indicators for the years ending March 2014, 2015, 2016." in out
    assert "ignored: referrals_rate_per_10000" in out


def test_the_command_lists_the_errors_and_imports_nothing(croydon, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text("201516,Local authority,E09000009,Ealing,1,2"))
    with pytest.raises(CommandError) as refused:
        call_command("import_area_indicators", str(bad))
    assert "Line 2, column new_la_code: No area has the ONS code “E09000009” (Ealing)" in str(refused.value)
    assert not IndicatorValue.objects.exists()
