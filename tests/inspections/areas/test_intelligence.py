"""Intelligence is for managers only: everyone else finds no page and no trace of it."""

import datetime

import pytest
from django.urls import reverse

from inspections.areas.intelligence import intelligence_expired_erase, intelligence_note_record
from inspections.areas.models import IntelligenceNote
from inspections.audit import audit_trail
from tests.helpers import area_with_people
from tests.inspections import factories

pytestmark = pytest.mark.django_db

SECRET = "Three changes of DCS in eighteen months"


@pytest.fixture
def note(clock, croydon, manager):
    return intelligence_note_record(
        user=manager.user,
        area=croydon,
        source="DfE regional adviser",
        received_on=datetime.date(2016, 1, 18),
        text=SECRET,
    )


def test_a_manager_sees_intelligence_with_its_source_and_date(client, note, manager, croydon):
    client.force_login(manager.user)
    page = client.get(reverse("areas:area", args=[croydon.pk])).content.decode()
    assert SECRET in page
    assert "DfE regional adviser" in page
    assert "18 January 2016" in page


def test_an_inspector_sees_the_area_but_not_its_intelligence(client, note, ofsted_inspector, croydon):
    client.force_login(ofsted_inspector.user)
    page = client.get(reverse("areas:area", args=[croydon.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert 'id="intelligence"' not in page.content.decode()
    assert client.get(reverse("areas:intelligence_note", args=[croydon.pk])).status_code == 404


@pytest.mark.parametrize("who", ["local", "analyst"])
def test_everyone_else_finds_no_area_page(client, note, croydon, analyst, who):
    if who == "local":
        people = area_with_people(name="Croydon local")
        people.dcs.user = factories.UserFactory(username="dcs")
        people.dcs.save()
        client.force_login(people.dcs.user)
    else:
        client.force_login(analyst)
    for url in (reverse("areas:area", args=[croydon.pk]), reverse("areas:intelligence_note", args=[croydon.pk])):
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


def test_a_manager_records_intelligence_and_a_blank_one_is_refused(client, clock, manager, croydon):
    client.force_login(manager.user)
    url = reverse("areas:intelligence_note", args=[croydon.pk])
    refused = client.post(url, {"source": "  ", "received_on_0": "18", "received_on_1": "1", "received_on_2": "2016"})
    assert refused.status_code == 400
    assert "Enter who the intelligence came from" in refused.content.decode()
    assert "Enter what the intelligence says" in refused.content.decode()
    assert not IntelligenceNote.objects.exists()
    done = client.post(
        url,
        {"source": "CQC", "received_on_0": "18", "received_on_1": "1", "received_on_2": "2016", "text": SECRET},
    )
    assert done["Location"] == reverse("areas:area", args=[croydon.pk])
    assert IntelligenceNote.objects.get().recorded_by == manager.user


def test_intelligence_is_in_the_admins_trail_without_what_it_says(note, manager):
    trail = audit_trail(inspection=None)
    (entry,) = [e for e in trail.entries if e.what.startswith("Intelligence")]
    assert entry.action == "Created"
    assert "What it says recorded" in entry.changes
    assert not any(SECRET in change for change in entry.changes)


def test_intelligence_is_erased_when_its_retention_ends(clock, note, settings):
    settings.AREA_INTELLIGENCE_RETENTION_YEARS = 3
    assert intelligence_expired_erase(today=datetime.date(2019, 1, 18)) == 0
    assert intelligence_expired_erase(today=datetime.date(2019, 1, 19)) == 1
    assert not IntelligenceNote.objects.exists()
    assert not IntelligenceNote.history.filter(text=SECRET).exists()
