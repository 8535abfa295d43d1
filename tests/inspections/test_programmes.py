"""Programmes: the first one of up to six inspections, February to September 2016."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Inspection, Programme, Stage
from tests import factories
from tests.inspections.test_planning_pages import PLAN_URL, form_data

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def early_2016():
    with time_machine.travel(datetime.datetime(2016, 1, 4, 9, 0, tzinfo=LONDON), tick=False):
        yield


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
    client.force_login(ofsted_inspector.user)
    data = form_data(
        area=factories.AreaFactory(),
        onsite_start=datetime.date(2016, 3, 7),
        lead=ofsted_inspector,
        programme=first_programme,
    )
    preview = client.post(PLAN_URL, data)
    data.update(action="plan", previewed=preview.context["fingerprint"])
    response = client.post(PLAN_URL, data)
    assert response.status_code == 302
    assert Inspection.objects.get().programme == first_programme


def test_a_week_on_site_outside_the_programme_is_warned_of(client, ofsted_inspector, first_programme):
    client.force_login(ofsted_inspector.user)
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 9, 26),  # on site until Friday 30 September: inside
            lead=ofsted_inspector,
            programme=first_programme,
        ),
    )
    assert "falls outside" not in unescape(response.content.decode())
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 9, 28),  # ends Tuesday 4 October
            lead=ofsted_inspector,
            programme=first_programme,
        ),
    )
    assert (
        "The week on site falls outside First programme: February to September 2016, "
        "which runs from 1 February 2016 to 30 September 2016."
    ) in unescape(response.content.decode())


MONDAYS_2016 = [datetime.date(2016, m, d) for m, d in [(3, 7), (4, 11), (5, 16), (6, 13), (7, 11), (8, 8)]]


def fill(programme, count):
    for monday in MONDAYS_2016[:count]:
        factories.InspectionFactory(programme=programme, onsite_start=monday)


def test_a_full_programme_is_warned_of_to_a_manager(client, first_programme):
    manager = factories.InspectorFactory(is_manager=True)
    fill(first_programme, 6)
    client.force_login(manager.user)
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 9, 12),
            lead=manager,
            programme=first_programme,
        ),
    )
    page = unescape(response.content.decode())
    assert "First programme: February to September 2016 already has 6 inspections, its most is 6." in page


def test_cancelled_inspections_do_not_fill_a_programme(client, first_programme):
    manager = factories.InspectorFactory(is_manager=True)
    fill(first_programme, 5)
    factories.InspectionFactory(
        programme=first_programme, onsite_start=datetime.date(2016, 9, 5), stage=Stage.CANCELLED
    )
    client.force_login(manager.user)
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 9, 12),
            lead=manager,
            programme=first_programme,
        ),
    )
    assert "already has" not in unescape(response.content.decode())


def test_an_inspector_is_not_told_how_many_inspections_a_programme_holds(client, ofsted_inspector, first_programme):
    # The count would reveal planned inspections outside the inspector's teams.
    fill(first_programme, 6)
    client.force_login(ofsted_inspector.user)
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 9, 12),
            lead=ofsted_inspector,
            programme=first_programme,
        ),
    )
    assert response.status_code == 200
    assert "already has" not in unescape(response.content.decode())


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
