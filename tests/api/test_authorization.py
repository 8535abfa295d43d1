"""The API's authorization matrix: every endpoint, with a token of each inspectorate, with
none, and with a revoked or an expired one. A token sees what its inspectorate's managers see,
and an Ofsted-only inspection only with an Ofsted token; anything else is 404, as for a
reference that never existed."""

import datetime

import pytest

from inspections.models import FrameworkVersion, Programme
from inspections.services import inspection_transition
from tests.api.helpers import INSPECTORATES, bearer
from tests.inspections import factories

pytestmark = pytest.mark.django_db

CALLERS = [*INSPECTORATES, "none", "revoked", "expired"]


@pytest.fixture
def world(db):
    Programme.objects.create(
        slug="ofsted-targeted",
        name="Ofsted targeted inspections 2016",
        kind=FrameworkVersion.Kind.OFSTED_ONLY,
        starts_on=datetime.date(2016, 1, 1),
        ends_on=datetime.date(2016, 12, 31),
    )
    return {
        "joint": factories.InspectionFactory(),
        "ofsted_only": factories.InspectionFactory(framework=factories.framework("ofsted-targeted-2016")),
    }


def _get(client, url, caller, tokens, dead_tokens):
    if caller == "none":
        return client.get(url)
    secret = tokens.get(caller) or dead_tokens[caller]
    return client.get(url, **bearer(secret))


def _expected_for_token_endpoint(caller, *, seen_by):
    if caller in ("none", "revoked", "expired"):
        return 401
    return 200 if seen_by is None or caller in seen_by else 404


TOKEN_ENDPOINTS = [
    ("/api/v1/programmes/", None),
    ("/api/v1/inspections/", None),
    ("/api/v1/changes/", None),
    ("/api/v1/inspections/{joint}/", None),
    ("/api/v1/inspections/{ofsted_only}/", {"ofsted"}),
    ("/api/v1/inspections/JTAI-NEVER/", set()),
]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("url", "seen_by"), TOKEN_ENDPOINTS)
def test_endpoints_for_systems(client, world, tokens, dead_tokens, caller, url, seen_by):
    url = url.format(joint=world["joint"].reference, ofsted_only=world["ofsted_only"].reference)
    answer = _get(client, url, caller, tokens, dead_tokens)
    assert answer.status_code == _expected_for_token_endpoint(caller, seen_by=seen_by)


# The changes feed gives only what other transactions have committed: this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("caller", CALLERS)
def test_lists_hold_only_what_the_token_may_see(client, world, tokens, dead_tokens, caller):
    sees_ofsted_only = caller == "ofsted"
    listed = _get(client, "/api/v1/inspections/", caller, tokens, dead_tokens)
    changed = _get(client, "/api/v1/changes/", caller, tokens, dead_tokens)
    if caller in ("none", "revoked", "expired"):
        assert listed.status_code == changed.status_code == 401
        return
    references = [i["reference"] for i in listed.json()["items"]]
    changes = [c["reference"] for c in changed.json()["changes"]]
    for found in (references, changes):
        assert world["joint"].reference in found
        assert (world["ofsted_only"].reference in found) is sees_ofsted_only
    programmes = [p["slug"] for p in _get(client, "/api/v1/programmes/", caller, tokens, dead_tokens).json()]
    assert "jtai-2016" in programmes
    assert ("ofsted-targeted" in programmes) is sees_ofsted_only


PUBLIC_ENDPOINTS = [
    "/api/v1/published/letters/",
    "/api/v1/published/thematic-reports/",
    "/api/v1/consultations/",
    "/api/v1/schema/",
    "/api/v1/docs/",
]
UNPUBLISHED = ["/api/v1/published/letters/{joint}/", "/api/v1/consultations/{consultation}/"]


@pytest.mark.parametrize("caller", CALLERS)
def test_public_endpoints_answer_everyone_and_nothing_unpublished_answers_anyone(
    client, world, consultation, tokens, dead_tokens, caller
):
    for url in PUBLIC_ENDPOINTS:
        assert _get(client, url, caller, tokens, dead_tokens).status_code == 200, url
    for url in UNPUBLISHED:
        url = url.format(joint=world["joint"].reference, consultation=consultation.slug)
        assert _get(client, url, caller, tokens, dead_tokens).status_code == 404, url


def test_a_token_sees_no_contact_no_case_audit_and_no_comment(client, planned_inspection, tokens):
    answer = client.get(f"/api/v1/inspections/{planned_inspection.reference}/", **bearer(tokens["cqc"]))
    assert answer.status_code == 200
    text = answer.content.decode()
    for contact in planned_inspection.contacts.select_related("person"):
        assert contact.person.name not in text
        assert contact.person.email not in text
    for word in ("contact", 'case_audit"', "comment", "evidence", "email", "telephone"):
        assert word not in text
    assert set(answer.json()) == {
        "reference", "area", "kind", "framework_version", "theme", "programme", "stage", "stage_label",
        "notified", "milestones", "team", "letter",
    }  # fmt: skip


def test_a_cancelled_inspection_leaves_the_view(client, world, tokens):
    inspection = world["joint"]
    assert client.get(f"/api/v1/inspections/{inspection.reference}/", **bearer(tokens["ofsted"])).status_code == 200
    inspection_transition(user=inspection.team.get(is_lead=True).inspector.user, inspection=inspection, name="cancel")
    assert client.get(f"/api/v1/inspections/{inspection.reference}/", **bearer(tokens["ofsted"])).status_code == 404
