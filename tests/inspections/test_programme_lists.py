"""The programme shows what is current first; published and cancelled inspections are a second
list; an overdue milestone is marked as needing action; each filtered list names itself."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from inspections.models import Stage
from tests.inspections import factories
from tests.inspections.test_pages import weeks_on_site

pytestmark = pytest.mark.django_db
URL = reverse("inspections:programme")


def text(response) -> str:
    return unescape(response.content.decode())


def refs(page: str) -> list[str]:
    return [chunk.split('"')[0] for chunk in page.split('data-reference="')[1:]]


@pytest.fixture
def programme(clock, manager):
    made = {
        "published": factories.InspectionFactory(onsite_start=datetime.date(2016, 1, 11), stage=Stage.PUBLISHED),
        "cancelled": factories.InspectionFactory(onsite_start=datetime.date(2016, 2, 8), stage=Stage.CANCELLED),
        "on_site": factories.InspectionFactory(onsite_start=datetime.date(2016, 2, 1), stage=Stage.ON_SITE),
        "planned": factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7)),
        "postponed": factories.InspectionFactory(onsite_start=datetime.date(2016, 4, 11), stage=Stage.POSTPONED),
    }
    return {key: inspection.reference for key, inspection in made.items()}


def test_the_default_list_is_in_progress_and_upcoming_soonest_first(client, manager, programme):
    client.force_login(manager.user)
    page = text(client.get(URL))
    assert refs(page) == [programme["on_site"], programme["planned"], programme["postponed"]]
    assert '<strong aria-current="page">In progress and upcoming (3)</strong>' in page
    assert 'href="?show=past">Published and cancelled (2)</a>' in page
    assert "<title>Inspection programme – " in page


def test_with_nothing_past_there_is_no_second_list(client, clock, manager):
    factories.InspectionFactory()
    client.force_login(manager.user)
    assert "Published and cancelled" not in text(client.get(URL))


def test_past_inspections_are_a_second_list_latest_first(client, manager, programme):
    client.force_login(manager.user)
    page = text(client.get(URL, {"show": "past"}))
    assert refs(page) == [programme["cancelled"], programme["published"]]
    assert '<strong aria-current="page">Published and cancelled (2)</strong>' in page
    assert "<title>Inspection programme: past – " in page


def test_a_stage_picks_its_list_and_names_the_page(client, manager, programme):
    client.force_login(manager.user)
    page = text(client.get(URL, {"stage": "published"}))
    assert refs(page) == [programme["published"]]
    assert "<title>Inspection programme: published – " in page
    page = text(client.get(URL, {"stage": "planned", "programme": "jtai-2016"}))
    assert "<title>Inspection programme: planned, First programme: February to September… – " in page


def test_an_overdue_milestone_is_marked_as_needing_action(client, manager):
    factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7))
    client.force_login(manager.user)
    import time_machine

    from tests.helpers import london

    with time_machine.travel(london(2016, 3, 1, 9), tick=False):
        page = text(client.get(URL))
    assert 'govuk-tag--red" data-overdue>Overdue' in page
    assert "needs action" in page


@pytest.mark.parametrize(
    ("stage", "moment", "overdue_for_the_area"),
    [
        (Stage.NOTIFIED, (2016, 3, 8, 9), False),  # first day on site gone by: the team moves it on
        (Stage.ON_SITE, (2016, 3, 15, 9), False),  # the feedback meeting
        (Stage.REPORTING, (2016, 5, 2, 9), False),  # the draft letter
        (Stage.PUBLISHED, (2016, 12, 1, 9), True),  # the written statement of action is the area's
    ],
)
def test_a_local_user_is_told_overdue_only_for_what_the_area_must_do(
    client, manager, stage, moment, overdue_for_the_area
):
    import time_machine

    from inspections.models import Inspection
    from tests.helpers import area_with_people, london, plan_inspection

    people = area_with_people()
    dcs_user = factories.UserFactory(username="dcs")
    people.dcs.user = dcs_user
    people.dcs.save()
    inspection = plan_inspection(people=people)
    Inspection.objects.filter(pk=inspection.pk).update(stage=stage, notified_at=london(2016, 2, 22, 10))
    with time_machine.travel(london(*moment), tick=False):
        client.force_login(dcs_user)
        local_page = text(client.get(URL, {"stage": stage}))
        client.force_login(manager.user)
        team_page = text(client.get(URL, {"stage": stage}))
    assert inspection.reference in local_page
    assert "data-overdue>Overdue" in team_page
    assert ("data-overdue>Overdue" in local_page) is overdue_for_the_area


@pytest.mark.parametrize("show", ["current", "past"])
def test_each_list_is_paged_50_at_a_time_in_its_own_order(client, clock, manager, show):
    stage = Stage.PUBLISHED if show == "past" else Stage.PLANNED
    made = [factories.InspectionFactory(onsite_start=day, stage=stage).reference for day in weeks_on_site(53)]
    if show == "past":
        made.reverse()
    client.force_login(manager.user)
    one, two = (text(client.get(URL, {"show": show, "page": page})) for page in (1, 2))
    assert (refs(one), refs(two)) == (made[:50], made[50:])
    assert '<nav class="govuk-pagination" aria-label="Pages of inspections">' in one
    # `text` unescapes the page: "&amp;" reads "&".
    assert f'href="?show={show}&page=2" rel="next"' in one
    assert f'href="?show={show}&page=1" rel="prev"' in two
    title = "Inspection programme: past, page 2" if show == "past" else "Inspection programme: page 2"
    assert f"<title>{title}" in two
