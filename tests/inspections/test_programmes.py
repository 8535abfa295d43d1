"""Programmes: the first one of up to six inspections, February to September 2016."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from inspections.models import Inspection, Programme, Stage
from tests.inspections import factories
from tests.inspections.test_planning_pages import PLAN_URL, early_2016, form_data  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db


def preview(client, planner, onsite_start, programme):
    """The planning page's preview of a week on site in `programme`, as `planner` sees it."""
    client.force_login(planner.user)
    data = form_data(area=factories.AreaFactory(), onsite_start=onsite_start, lead=planner, programme=programme)
    response = client.post(PLAN_URL, data)
    return response, data, unescape(response.content.decode())


@pytest.fixture
def first_programme():
    return Programme.objects.get(slug="jtai-2016")


def test_the_first_programme_exists_after_migrate(first_programme):
    assert (first_programme.starts_on, first_programme.ends_on) == (
        datetime.date(2016, 2, 1),
        datetime.date(2016, 9, 30),
    )
    assert first_programme.max_inspections == 6


def test_planning_into_a_programme_records_it(client, ofsted_inspector, first_programme):
    previewed, data, _ = preview(client, ofsted_inspector, datetime.date(2016, 3, 7), first_programme)
    data.update(action="plan", previewed=previewed.context["fingerprint"])
    response = client.post(PLAN_URL, data)
    assert response.status_code == 302
    assert Inspection.objects.get().programme == first_programme


def test_a_week_on_site_outside_the_programme_is_warned_of(client, ofsted_inspector, first_programme):
    response, _, page = preview(
        client, ofsted_inspector, datetime.date(2016, 9, 26), first_programme
    )  # on site until Friday 30 September: inside
    assert "falls outside" not in page
    response, _, page = preview(
        client, ofsted_inspector, datetime.date(2016, 9, 28), first_programme
    )  # ends Tuesday 4 October
    assert (
        "The week on site falls outside First programme: February to September 2016, "
        "which runs from 1 February 2016 to 30 September 2016."
    ) in page


MONDAYS_2016 = [datetime.date(2016, m, d) for m, d in [(3, 7), (4, 11), (5, 16), (6, 13), (7, 11), (8, 8)]]


def fill(programme, count):
    for monday in MONDAYS_2016[:count]:
        factories.InspectionFactory(programme=programme, onsite_start=monday)


def test_a_full_programme_is_warned_of_to_a_manager(client, first_programme):
    manager = factories.InspectorFactory(is_manager=True)
    fill(first_programme, 6)
    response, _, page = preview(client, manager, datetime.date(2016, 9, 12), first_programme)
    assert "First programme: February to September 2016 already has 6 inspections, its most is 6." in page


def test_cancelled_inspections_do_not_fill_a_programme(client, first_programme):
    manager = factories.InspectorFactory(is_manager=True)
    fill(first_programme, 5)
    factories.InspectionFactory(
        programme=first_programme, onsite_start=datetime.date(2016, 9, 5), stage=Stage.CANCELLED
    )
    response, _, page = preview(client, manager, datetime.date(2016, 9, 12), first_programme)
    assert "already has" not in page


def test_an_inspector_is_not_told_how_many_inspections_a_programme_holds(client, ofsted_inspector, first_programme):
    # The count would reveal planned inspections outside the inspector's teams.
    fill(first_programme, 6)
    response, _, page = preview(client, ofsted_inspector, datetime.date(2016, 9, 12), first_programme)
    assert response.status_code == 200
    assert "already has" not in page


def test_the_programme_page_filters_by_programme(client, first_programme):
    manager = factories.InspectorFactory(is_manager=True)
    inside = factories.InspectionFactory(programme=first_programme)
    outside = factories.InspectionFactory(onsite_start=datetime.date(2017, 3, 6))
    client.force_login(manager.user)
    page = unescape(client.get(reverse("inspections:programme"), {"programme": "jtai-2016"}).content.decode())
    assert inside.reference in page
    assert outside.reference not in page
    assert "First programme: February to September 2016" in page
    assert "1 of up to 6 inspections" in page
