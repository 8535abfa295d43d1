"""Page titles are unique and say what the page is: an inspection's names its area, a filtered list
names its filter, a coding page its theme and page; a very long one is shortened."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.helpers import area_with_people, plan_inspection

pytestmark = pytest.mark.django_db
SERVICE = " – Joint targeted area inspections"


def title(client, url, data=None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200, url
    (found,) = re.findall(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return unescape(found).removesuffix(SERVICE)


def test_the_inspection_pages_have_unique_meaningful_titles(client, clock, people):
    croydon = plan_inspection(people=area_with_people(name="Croydon"))
    lead = croydon.team.get(is_lead=True).inspector
    other = plan_inspection(people=people, lead=lead)
    client.force_login(lead.user)
    detail = lambda i: reverse("inspections:detail", args=[i.reference])  # noqa: E731
    titles = {
        "programme": title(client, reverse("inspections:programme")),
        "past": title(client, reverse("inspections:programme"), {"show": "past"}),
        "planned": title(client, reverse("inspections:programme"), {"stage": "planned"}),
        "plan": title(client, reverse("inspections:plan")),
        "croydon": title(client, detail(croydon)),
        "other": title(client, detail(other)),
        "team": title(client, reverse("inspections:team", args=[croydon.reference])),
        "contacts": title(client, reverse("inspections:contacts", args=[croydon.reference])),
    }
    assert titles["croydon"] == f"{croydon.reference}, Croydon"
    assert titles["planned"] == "Your inspections: planned"
    assert titles["past"] == "Your inspections: past"
    assert titles["team"] == f"Team: {croydon.reference}, Croydon"
    assert len(set(titles.values())) == len(titles), titles


def test_a_very_long_title_is_shortened(client, clock):
    area = area_with_people(name="The Royal Borough of Kensington and Chelsea and the City of Westminster")
    inspection = plan_inspection(people=area)
    client.force_login(inspection.team.get(is_lead=True).inspector.user)
    shown = title(client, reverse("inspections:detail", args=[inspection.reference]))
    assert len(shown) == 70 and shown.endswith("…")
    assert shown.startswith(f"{inspection.reference}, The Royal Borough")
