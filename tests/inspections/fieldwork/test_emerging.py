"""Emerging findings: the lead records them for a day on site and a part of the scope, resting on
records; the board shows them by day."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections.fieldwork.emerging import days_on_site, emerging_finding_record
from jtai.errors import DomainError
from tests.helpers import sign_in_as

from .test_pages import make

MONDAY = datetime.date(2016, 3, 7)


def test_the_days_on_site_are_the_timelines_working_days(on_site):
    assert days_on_site(on_site) == [MONDAY + datetime.timedelta(days=n) for n in range(5)]


def test_the_lead_records_a_finding_resting_on_records(on_site, lead, cqc, client):
    records = [make(on_site, cqc.user), make(on_site, lead)]
    finding = emerging_finding_record(
        user=lead,
        inspection=on_site,
        day=MONDAY,
        scope_area="front-door",
        weight="strength",
        text="Joint screening is timely.",
        records=[str(r.pk) for r in records],
    )
    assert set(finding.records.all()) == set(records)
    sign_in_as(client, cqc.user)
    page = client.get(reverse("fieldwork:board", args=[on_site.reference])).content.decode()
    assert 'data-day="2016-03-07"' in page and "Joint screening is timely." in page


def test_only_the_lead_records_them(on_site, cqc):
    record = make(on_site, cqc.user)
    with pytest.raises(PermissionDenied):
        emerging_finding_record(
            user=cqc.user,
            inspection=on_site,
            day=MONDAY,
            scope_area="front-door",
            weight="strength",
            text="No.",
            records=[record.pk],
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"day": datetime.date(2016, 3, 12)}, "day"),
        ({"scope_area": "nowhere"}, "scope_area"),
        ({"records": []}, "records"),
        ({"records": ["not-a-uuid"]}, "records"),
        ({"text": "  "}, "text"),
    ],
)
def test_refusals_name_the_field(on_site, lead, change, field):
    record = make(on_site, lead)
    values = {
        "day": MONDAY,
        "scope_area": "front-door",
        "weight": "strength",
        "text": "Joint screening is timely.",
        "records": [record.pk],
        **change,
    }
    with pytest.raises(DomainError) as refused:
        emerging_finding_record(user=lead, inspection=on_site, **values)
    assert refused.value.field == field


def test_the_page_records_one_and_says_which_field_is_wrong(on_site, lead, client):
    record = make(on_site, lead)
    sign_in_as(client, lead)
    url = reverse("fieldwork:emerging", args=[on_site.reference])
    refused = client.post(url, {"day": "2016-03-07", "scope_area": "front-door", "weight": "strength", "text": ""})
    assert refused.status_code == 400 and "Enter the emerging finding" in refused.content.decode()
    done = client.post(
        url,
        {
            "day": "2016-03-07",
            "scope_area": "front-door",
            "weight": "strength",
            "text": "Joint screening is timely.",
            "records": [str(record.pk)],
        },
    )
    assert done.status_code == 302
