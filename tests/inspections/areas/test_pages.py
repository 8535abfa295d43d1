"""The area's page, the upload with its confirmation, and the choosing page."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.areas.imports import indicator_import_run
from inspections.areas.intelligence import other_evaluation_record
from inspections.areas.models import EvaluationKind, ImportStatus, Indicator, IndicatorImport, IndicatorValue
from inspections.models import Area
from tests.helpers import area_with_people, plan_inspection
from tests.inspections import factories

from .conftest import csv_text

pytestmark = pytest.mark.django_db


def text(response) -> str:
    from html import unescape

    return unescape(response.content.decode())


def test_the_area_page_shows_each_year_beside_england_with_the_change_in_words(
    client, clock, manager, croydon, re_referrals
):
    indicator_import_run(
        name="cin.csv",
        text=csv_text(
            "201314,National,,,23.4,",
            "201415,National,,,24.0,",
            "201314,Local authority,E09000008,Croydon,21.3,",
            "201415,Local authority,E09000008,Croydon,25.0,",
        ),
    )
    client.force_login(manager.user)
    page = text(client.get(reverse("areas:area", args=[croydon.pk])))
    table = page.split(f'data-indicator="{re_referrals.pk}"')[1].split("</table>")[0]
    assert "2013 to 2014" in table and "2014 to 2015" in table
    # Lower is better for re-referrals: going up is worse, and so is being above England.
    assert "▲ Up 3.7, worse" in table
    assert "Above England by 1.0, worse" in table
    assert "Below England by 2.1, better" in table
    # The chart says which line is which in words and shapes, not colours.
    assert "Solid line and circles: Croydon. Dashed line and squares: England." in page
    assert 'stroke-dasharray="6 4"' in page


def test_an_inspector_sees_only_the_inspections_they_may_know_of(client, clock, ofsted_inspector):
    people = area_with_people(name="Croydon")
    secret = plan_inspection(people=people)
    client.force_login(ofsted_inspector.user)
    page = text(client.get(reverse("areas:area", args=[people.area.pk])))
    assert secret.reference not in page
    assert "No inspection of Croydon in this service that you can see." in page


def test_a_manager_sees_the_areas_inspections_with_their_stage(client, clock, manager):
    people = area_with_people(name="Croydon")
    planned = plan_inspection(people=people)
    client.force_login(manager.user)
    page = text(client.get(reverse("areas:area", args=[people.area.pk])))
    assert planned.reference in page
    assert "Planned" in page
    assert "Not published yet" in page


def _upload(client, content: str, name: str = "cin.csv"):
    return client.post(
        reverse("areas:indicator_upload"), {"file": SimpleUploadedFile(name, content.encode(), "text/csv")}
    )


def test_an_upload_shows_what_will_change_and_changes_nothing_until_confirmed(client, clock, manager, croydon):
    indicator_import_run(name="old.csv", text=csv_text("201516,Local authority,E09000008,Croydon,20,80"))
    client.force_login(manager.user)
    uploaded = _upload(client, csv_text("201516,Local authority,E09000008,Croydon,22,80", "201516,National,,,21,82"))
    pending = IndicatorImport.objects.get(status=ImportStatus.AWAITING)
    assert uploaded["Location"] == reverse("areas:indicator_import", args=[pending.pk])
    page = text(client.get(uploaded["Location"]))
    assert "Croydon: 20.0 becomes 22.0" in page
    assert "England: 21.0" in page
    assert IndicatorValue.objects.get(area=croydon, indicator__source_column="re_referrals_12m_pc").value == 20
    decided = client.post(reverse("areas:indicator_import_decide", args=[pending.pk]), {"action": "confirm"})
    assert decided.status_code == 302
    assert IndicatorValue.objects.get(area=croydon, indicator__source_column="re_referrals_12m_pc").value == 22
    pending.refresh_from_db()
    assert (pending.status, pending.applied_by) == (ImportStatus.APPLIED, manager.user)


def test_a_cancelled_upload_changes_nothing(client, clock, manager, croydon):
    client.force_login(manager.user)
    _upload(client, csv_text("201516,Local authority,E09000008,Croydon,22,80"))
    pending = IndicatorImport.objects.get()
    client.post(reverse("areas:indicator_import_decide", args=[pending.pk]), {"action": "discard"})
    pending.refresh_from_db()
    assert pending.status == ImportStatus.DISCARDED
    assert not IndicatorValue.objects.exists()


def test_a_bad_upload_lists_each_line_and_column_and_keeps_nothing(client, clock, manager, croydon):
    client.force_login(manager.user)
    refused = _upload(client, csv_text("201516,Local authority,E09000008,Croydon,twenty,80"))
    assert refused.status_code == 400
    page = text(refused)
    assert "The file has 1 error, so nothing was imported" in page
    assert "“twenty” is not a number or a suppression symbol" in page
    assert "re_referrals_12m_pc" in page
    assert not IndicatorImport.objects.exists()


def test_only_managers_may_upload(client, clock, ofsted_inspector):
    client.force_login(ofsted_inspector.user)
    assert client.get(reverse("areas:indicator_upload")).status_code == 404
    assert client.get(reverse("areas:choosing")).status_code == 404


def _many_areas(count: int, years: int, indicators: int, start: int = 0):
    """`count` areas with `indicators` indicators over `years` years, England's too, an inspection
    and another evaluation each."""
    extra = [
        Indicator(
            name=f"Measure {n}", unit="%", better="higher", source="Test", source_column=f"measure_{n}", order=10 + n
        )
        for n in range(max(0, indicators - Indicator.objects.count()))
    ]
    Indicator.objects.bulk_create(extra)
    all_indicators = list(Indicator.objects.all()[:indicators])
    areas = Area.objects.bulk_create(
        [
            Area(name=f"Area {n:03d}", ons_code=f"E06{n:06d}", region=f"Region {n % 9}")
            for n in range(start, start + count)
        ]
    )
    source = IndicatorImport.objects.create(original_name="bulk.csv", content="", status=ImportStatus.APPLIED)
    # England's values of the years an earlier call made stay as they were.
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=i, area=a, year=2006 + y, value=Decimal(10 + y), source_import=source)
            for i in all_indicators
            for a in [None, *areas]
            for y in range(years)
        ],
        ignore_conflicts=True,
    )
    for area in areas[: min(count, 20)]:
        factories.InspectionFactory(area=area, onsite_start=datetime.date(2015, 6, 1))
    return areas


def test_the_choosing_page_makes_the_same_queries_for_one_area_or_153(
    client, clock, manager, django_assert_num_queries
):
    client.force_login(manager.user)
    _many_areas(1, 1, 4)
    with django_assert_num_queries(QUERIES):
        small = client.get(reverse("areas:choosing"))
    assert "1 area" in text(small)
    _many_areas(152, 10, 10, start=1)
    with django_assert_num_queries(QUERIES):
        large = client.get(reverse("areas:choosing"))
    page = text(large)
    assert "153 areas" in page
    assert page.count('class="govuk-table__row" data-area=') == 153


# Session, user and inspector; indicators, areas, the latest values, England's, this service's
# inspections, other evaluations, statements of action; the user's two permission lists (navigation).
QUERIES = 12


def test_the_choosing_page_filters_and_sorts(client, clock, manager, croydon, wirral, re_referrals):
    indicator_import_run(
        name="cin.csv",
        text=csv_text(
            "201516,National,,,20,",
            "201516,Local authority,E09000008,Croydon,30,",
            "201516,Local authority,E08000015,Wirral,25,",
        ),
    )
    other_evaluation_record(
        user=manager.user,
        area=wirral,
        kind=EvaluationKind.INSPECTION,
        title="SIF inspection",
        date=datetime.date(2015, 6, 1),
        outcome="Good",
    )
    client.force_login(manager.user)
    url = reverse("areas:choosing")
    worst = text(client.get(url, {"sort": f"indicator-{re_referrals.pk}"}))
    assert worst.index('data-area="E09000008"') < worst.index('data-area="E08000015"')
    assert "Above England by 10.0, worse" in worst
    uninspected = text(client.get(url, {"uninspected": "on"}))
    assert 'data-area="E09000008"' in uninspected and 'data-area="E08000015"' not in uninspected
    assert "1 of 2 areas" in uninspected
    london = text(client.get(url, {"region": "London"}))
    assert 'data-area="E08000015"' not in london
    by_name = text(client.get(url))
    assert "1 June 2015" in by_name and "SIF inspection" in by_name
