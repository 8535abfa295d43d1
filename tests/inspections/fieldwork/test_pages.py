"""The evidence pages without JavaScript: who may see them (everyone outside the team: 404), the
form's refusals on the field they name, amendments kept, the inspection page's section."""

from html import unescape

import pytest
from django.urls import reverse

from inspections.fieldwork import evidence
from inspections.fieldwork.models import EvidenceRecord
from inspections.fieldwork.sync import record_data
from inspections.models import TeamMembership
from tests.factories import UserFactory
from tests.helpers import sign_in_as
from tests.inspections import factories

from .helpers import agency_id, payload


def form_data(inspection, **overrides):
    data = {
        "kind": "observation",
        "occurred_on_0": "8",
        "occurred_on_1": "3",
        "occurred_on_2": "2016",
        "occurred_time": "11:15",
        "agencies": [str(agency_id(inspection))],
        "scope_areas": ["front-door"],
        "weight": "improvement",
        "text": "Contacts waited two days in the MASH queue before screening.",
    }
    data.update(overrides)
    return data


def make(inspection, user, **overrides):
    item = payload(inspection, **overrides)
    return evidence.evidence_record_create(
        user=user, inspection=inspection, data=record_data(item), record_id=item["id"]
    ).record


def urls(inspection, record):
    ref = inspection.reference
    return [
        reverse("fieldwork:records", args=[ref]),
        reverse("fieldwork:board", args=[ref]),
        reverse("fieldwork:record", args=[ref, record.pk]),
        reverse("fieldwork:emerging", args=[ref]),
    ]


def test_the_form_records_evidence_and_lists_it_as_mine(client, on_site, cqc):
    sign_in_as(client, cqc.user)
    url = reverse("fieldwork:records", args=[on_site.reference])
    response = client.post(url, form_data(on_site))
    assert response.status_code == 302
    record = EvidenceRecord.objects.get()
    assert (record.author, record.kind, record.weight) == (cqc.user, "observation", "improvement")
    page = client.get(url).content.decode()
    assert f'data-record-id="{record.pk}"' in page
    assert 'id="evidence-form"' in page and 'data-sync-url="/inspections/' in page


def test_the_form_says_which_field_is_wrong_and_saves_nothing(client, on_site, cqc):
    sign_in_as(client, cqc.user)
    response = client.post(
        reverse("fieldwork:records", args=[on_site.reference]),
        form_data(on_site, kind="child", age_band="", medium="in_person", consent_given="on"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Evidence" in page
    assert 'href="#id_age_band' in page and "Choose the age band of the child or young person" in page
    assert not EvidenceRecord.objects.exists()


def test_the_personal_data_warning_then_save_anyway(client, on_site, cqc):
    sign_in_as(client, cqc.user)
    url = reverse("fieldwork:records", args=[on_site.reference])
    text = "Jane Smith, born 3 May 2009, was seen at school."
    response = client.post(url, form_data(on_site, text=text))
    assert response.status_code == 400 and 'id="personal-data-warning"' in response.content.decode()
    assert not EvidenceRecord.objects.exists()
    assert client.post(url, form_data(on_site, text=text, confirmed="on")).status_code == 302
    assert EvidenceRecord.objects.count() == 1


def test_an_amendment_keeps_the_earlier_version_and_who_amended_it(client, on_site, cqc, lead):
    record = make(on_site, cqc.user)
    sign_in_as(client, lead)
    amend = reverse("fieldwork:record_amend", args=[on_site.reference, record.pk])
    response = client.post(amend, form_data(on_site, text="Contacts waited three days, not two."))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.text == "Contacts waited three days, not two." and record.amended_by == lead
    texts = list(record.history.order_by("history_date").values_list("text", flat=True))
    assert texts[0].startswith("The MASH manager") and texts[-1] == "Contacts waited three days, not two."
    page = unescape(client.get(reverse("fieldwork:record", args=[on_site.reference, record.pk])).content.decode())
    assert "Amended Tuesday 8 March 2016" in page and lead.get_full_name() in page


def test_only_the_author_or_the_lead_amends(client, on_site, cqc, lead):
    record = make(on_site, lead)
    sign_in_as(client, cqc.user)
    assert client.get(reverse("fieldwork:record_amend", args=[on_site.reference, record.pk])).status_code == 404
    assert client.get(reverse("fieldwork:record", args=[on_site.reference, record.pk])).status_code == 200


def test_a_manager_sees_every_record_but_cannot_write(client, on_site, cqc, manager_user):
    record = make(on_site, cqc.user)
    sign_in_as(client, manager_user)
    for url in urls(on_site, record)[:3]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("fieldwork:records", args=[on_site.reference])).content.decode()
    assert 'id="evidence-form"' not in page and "You are not on this inspection&#x27;s team" in page


@pytest.fixture
def outsiders(people, on_site, cqc):
    """A local user told of the inspection (its DCS), another area's inspector, and someone signed in
    with no part at all."""
    people.dcs.user = UserFactory(username="local-dcs")
    people.dcs.save()
    return {
        "local": people.dcs.user,
        "other inspector": factories.InspectorFactory(user__username="other").user,
        "nobody": UserFactory(username="nobody"),
    }


def test_everyone_outside_the_team_gets_404(client, on_site, cqc, outsiders):
    record = make(on_site, cqc.user)
    for who, user in outsiders.items():
        client.logout()
        sign_in_as(client, user)
        for url in urls(on_site, record):
            assert client.get(url).status_code == 404, (who, url)


def test_the_public_is_sent_to_sign_in(client, on_site, cqc):
    record = make(on_site, cqc.user)
    for url in urls(on_site, record):
        assert client.get(url).status_code == 302


def test_someone_taken_off_the_team_no_longer_sees_the_records(client, on_site, cqc):
    record = make(on_site, cqc.user)
    TeamMembership.objects.get(inspection=on_site, inspector=cqc).delete()
    sign_in_as(client, cqc.user)
    assert client.get(reverse("fieldwork:record", args=[on_site.reference, record.pk])).status_code == 404


def test_the_inspection_page_links_the_week_on_site_for_the_team_only(client, on_site, cqc, outsiders):
    from inspections.services import inspection_transition  # noqa: F401 (the page is the core's)

    detail = reverse("inspections:detail", args=[on_site.reference])
    sign_in_as(client, cqc.user)
    page = client.get(detail).content.decode()
    assert 'id="fieldwork"' in page and reverse("fieldwork:board", args=[on_site.reference]) in page
    client.logout()
    sign_in_as(client, outsiders["local"])
    page = client.get(detail).content.decode()
    assert 'id="fieldwork"' not in page
