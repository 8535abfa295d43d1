"""Secrecy before notification, exactly as for the pages: an inspection out of a token's reach
answers as one that never existed, in its body as well as its status, and no list, count or
change gives it away."""

import pytest

from inspections.services import inspection_transition
from tests.api.helpers import bearer
from tests.helpers import area_with_people, plan_inspection

pytestmark = pytest.mark.django_db


# The changes feed gives only what other transactions have committed: this test commits for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_planned_ofsted_only_inspection_does_not_exist_for_other_inspectorates(client, clock, tokens):
    people = area_with_people(name="Westshire")
    secret = plan_inspection(people=people, framework="ofsted-targeted-2016")
    hidden = client.get(f"/api/v1/inspections/{secret.reference}/", **bearer(tokens["cqc"]))
    never = client.get("/api/v1/inspections/JTAI-2016-999/", **bearer(tokens["cqc"]))
    assert hidden.status_code == never.status_code == 404
    assert hidden.content.replace(secret.reference.encode(), b"") == never.content.replace(b"JTAI-2016-999", b"")
    for url in ("/api/v1/inspections/", "/api/v1/changes/", "/api/v1/programmes/"):
        text = client.get(url, **bearer(tokens["cqc"])).content.decode()
        assert secret.reference not in text and "Westshire" not in text, url
    # The same token's inspectorate would see it once it took part; Ofsted sees it already.
    assert client.get(f"/api/v1/inspections/{secret.reference}/", **bearer(tokens["ofsted"])).status_code == 200


def test_after_notification_it_is_still_not_for_other_inspectorates(client, clock, tokens):
    people = area_with_people(name="Westshire")
    secret = plan_inspection(people=people, framework="ofsted-targeted-2016")
    inspection_transition(user=None, inspection=secret, name="notify")
    assert client.get(f"/api/v1/inspections/{secret.reference}/", **bearer(tokens["hmip"])).status_code == 404
    assert client.get(f"/api/v1/inspections/{secret.reference}/", **bearer(tokens["ofsted"])).json()["notified"]


def test_nothing_of_an_unpublished_letter_answers_the_public(client, written, tokens):
    ref = written.reference
    for url in (f"/api/v1/published/letters/{ref}/", "/api/v1/published/letters/"):
        for headers in ({}, bearer(tokens["ofsted"])):
            answer = client.get(url, **headers)
            assert ref not in answer.content.decode() and "Northshire" not in answer.content.decode()
    assert client.get(f"/api/v1/published/letters/{ref}/").status_code == 404
