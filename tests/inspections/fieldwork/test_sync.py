"""The sync interface: records made offline are sent as a batch; each is stored once, or refused
with a reason the inspector can read."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from inspections.fieldwork.models import EvidenceRecord
from inspections.models import Inspection, Stage, TeamMembership
from inspections.services import inspection_transition
from tests.helpers import sign_in_as

from .helpers import child, payload


def post(client, inspection, records):
    return client.post(
        reverse("fieldwork:sync", args=[inspection.reference]),
        data=json.dumps({"records": records}),
        content_type="application/json",
    )


@pytest.fixture
def signed_in(client, cqc):
    sign_in_as(client, cqc.user)
    return client


def test_a_batch_is_stored_with_the_authors_inspectorate(signed_in, on_site, cqc):
    records = [payload(on_site), child(on_site)]
    response = post(signed_in, on_site, records)
    assert response.status_code == 200
    assert response.json() == {"stored": [r["id"] for r in records], "already": [], "refused": []}
    stored = EvidenceRecord.objects.get(pk=records[1]["id"])
    assert (stored.author, stored.inspectorate.code, stored.kind) == (cqc.user, "cqc", "child")
    assert (stored.age_band, stored.medium, stored.consent_given) == ("11_15", "in_person", True)
    assert [s.code for s in stored.scope_areas.all()] == ["deep-dive"]


def test_the_same_batch_sent_twice_is_stored_once(signed_in, on_site):
    records = [payload(on_site), child(on_site)]
    ids = [r["id"] for r in records]
    assert post(signed_in, on_site, records).json()["stored"] == ids
    again = post(signed_in, on_site, records).json()
    assert again == {"stored": [], "already": ids, "refused": []}
    assert EvidenceRecord.objects.count() == 2


def test_the_same_record_twice_in_one_batch_is_stored_once(signed_in, on_site):
    record = payload(on_site)
    answer = post(signed_in, on_site, [record, record]).json()
    assert answer == {"stored": [record["id"]], "already": [record["id"]], "refused": []}
    assert EvidenceRecord.objects.count() == 1


def test_a_wrong_record_is_refused_with_the_field_and_the_others_are_stored(signed_in, on_site):
    good, bad = payload(on_site), payload(on_site, scope_areas=[])
    answer = post(signed_in, on_site, [bad, good]).json()
    assert answer["stored"] == [good["id"]]
    assert answer["refused"] == [
        {"id": bad["id"], "reason": "scope_areas: Choose at least one part of the scope the evidence bears on"}
    ]
    assert not EvidenceRecord.objects.filter(pk=bad["id"]).exists()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"consent_given": False}, "consent_given: Record a conversation only when consent was given, and confirm it"),
        ({"age_band": ""}, "age_band: Choose the age band of the child or young person"),
        ({"agencies": [999999]}, "agencies: Choose agencies of the area taking part in this inspection"),
        ({"occurred_at": "yesterday"}, "occurred_at: Send when it happened as an ISO 8601 date and time"),
        ({"occurred_at": "2016-03-09T10:00:00+00:00"}, "occurred_at: When it happened must be in the past"),
        ({"kind": "gossip"}, "kind: Choose what kind of evidence this is"),
        (
            {"text": "Jane Smith, born 3 May 2009, said she felt safe."},
            "text: This looks like it may include a child's",
        ),
    ],
)
def test_refusal_reasons(signed_in, on_site, change, reason):
    record = child(on_site, **change) if "kind" not in change else payload(on_site, **change)
    answer = post(signed_in, on_site, [record]).json()
    assert answer["stored"] == []
    assert answer["refused"][0]["reason"].startswith(reason)


def test_text_the_inspector_confirms_is_stored_despite_the_personal_data_warning(signed_in, on_site):
    record = payload(on_site, text="Met Jane Smith on 3 May 2016, the MASH manager.", personal_data_confirmed=True)
    assert post(signed_in, on_site, [record]).json()["stored"] == [record["id"]]


def test_a_case_sampling_record_names_one_of_the_inspections_samples(signed_in, on_site):
    answer = post(signed_in, on_site, [payload(on_site, kind="case_sampling", case_sample=12345)]).json()
    assert answer["refused"][0]["reason"] == (
        "case_sample: Choose one of this inspection's joint samples of an audited case"
    )


def test_an_author_taken_off_the_team_is_refused_with_the_reason(signed_in, on_site, cqc):
    TeamMembership.objects.get(inspection=on_site, inspector=cqc).delete()
    record = payload(on_site)
    answer = post(signed_in, on_site, [record]).json()
    assert answer == {
        "stored": [],
        "already": [],
        "refused": [
            {
                "id": record["id"],
                "reason": "You are not on this inspection's team, so you cannot record evidence for it.",
            }
        ],
    }
    assert not EvidenceRecord.objects.exists()


def test_a_closed_inspection_refuses(signed_in, on_site):
    # Publication needs a whole letter: the stage is set here, the refusal is what is tested.
    Inspection.objects.filter(pk=on_site.pk).update(stage=Stage.PUBLISHED)
    answer = post(signed_in, on_site, [payload(on_site)]).json()
    assert answer["refused"][0]["reason"] == (
        "Evidence can no longer be recorded for this inspection: its stage is “Published”."
    )
    assert not EvidenceRecord.objects.exists()


def test_reporting_still_takes_records(signed_in, on_site, lead):
    inspection = inspection_transition(user=lead, inspection=on_site, name="finish_fieldwork")
    record = payload(inspection)
    assert post(signed_in, inspection, [record]).json()["stored"] == [record["id"]]


def test_someone_never_on_the_team_gets_404_and_nothing_is_stored(client, on_site, people):
    from tests.inspections import factories

    sign_in_as(client, factories.InspectorFactory(user__username="stranger").user)
    assert post(client, on_site, [payload(on_site)]).status_code == 404
    assert not EvidenceRecord.objects.exists()


def test_signed_out_is_told_so(client, on_site):
    response = post(client, on_site, [payload(on_site)])
    assert (response.status_code, response.json()) == (401, {"error": "signed_out"})


def test_an_id_another_author_used_is_refused(signed_in, on_site, lead, client):
    record = payload(on_site)
    post(signed_in, on_site, [record])
    other = Client()
    sign_in_as(other, lead)
    answer = post(other, on_site, [record]).json()
    assert answer["refused"] == [{"id": record["id"], "reason": "Another record already has this id."}]


def test_a_body_that_is_not_a_batch_is_refused_whole(signed_in, on_site):
    url = reverse("fieldwork:sync", args=[on_site.reference])
    assert signed_in.post(url, data="not json", content_type="application/json").status_code == 400
    response = signed_in.post(url, data=json.dumps({"records": "x"}), content_type="application/json")
    assert response.status_code == 400
    assert signed_in.post(url, data=json.dumps({"records": [{"id": "nope"}]}), content_type="application/json").json()[
        "refused"
    ] == [{"id": "nope", "reason": "The record has no id the server can read."}]


def test_a_body_nested_too_deep_to_parse_is_refused_as_not_json(signed_in, on_site):
    url = reverse("fieldwork:sync", args=[on_site.reference])
    body = "[" * 100_000 + "]" * 100_000
    response = signed_in.post(url, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "The body is not JSON."}
    assert not EvidenceRecord.objects.exists()


def test_the_csrf_token_is_required(on_site, cqc):
    client = Client(enforce_csrf_checks=True)
    sign_in_as(client, cqc.user)
    assert post(client, on_site, [payload(on_site)]).status_code == 403
    client.get(reverse("fieldwork:records", args=[on_site.reference]))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("fieldwork:sync", args=[on_site.reference]),
        data=json.dumps({"records": [payload(on_site, id=str(uuid.uuid4()))]}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
