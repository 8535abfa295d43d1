"""Polling for changes: `updated_since` starts, each answer's cursor continues, and nothing is
missed: not a change at the same instant as another, not one committed late, not an inspection
leaving the view when it is cancelled."""

import datetime

import pytest

from api import v1
from inspections.services import inspection_transition
from tests.api.helpers import bearer
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def poll(client, token, **params):
    answer = client.get("/api/v1/changes/", params, **bearer(token))
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_changes_at_the_same_instant_are_all_given_one_page_at_a_time(client, clock, tokens, settings, monkeypatch):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    monkeypatch.setattr(v1, "PAGE", 1)
    made = {factories.InspectionFactory().reference for _ in range(3)}  # the clock is frozen: one instant
    seen, cursor = [], None
    page = poll(client, tokens["cqc"], updated_since="2016-01-01T00:00:00Z")
    while True:
        seen += [c["reference"] for c in page["changes"]]
        cursor = page["next_cursor"]
        if not page["more"]:
            break
        page = poll(client, tokens["cqc"], cursor=cursor)
    assert sorted(seen) == sorted(made)
    assert poll(client, tokens["cqc"], cursor=cursor)["changes"] == []


def test_a_cancelled_inspection_is_reported_as_leaving_the_view(client, clock, tokens, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    inspection = factories.InspectionFactory()
    first = poll(client, tokens["hmic"], updated_since="2016-01-01T00:00:00+00:00")
    assert [(c["reference"], c["in_view"]) for c in first["changes"]] == [(inspection.reference, True)]
    assert first["changes"][0]["inspection"]["stage"] == "planned"
    clock.move_to(datetime.datetime(2016, 2, 2, 9, tzinfo=datetime.UTC))
    inspection_transition(user=inspection.team.get(is_lead=True).inspector.user, inspection=inspection, name="cancel")
    later = poll(client, tokens["hmic"], cursor=first["next_cursor"])
    assert [(c["reference"], c["in_view"], c["inspection"]) for c in later["changes"]] == [
        (inspection.reference, False, None)
    ]


def test_a_team_or_milestone_change_is_a_change_of_the_inspection(client, clock, tokens, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 0
    inspection = factories.InspectionFactory()
    cursor = poll(client, tokens["hmip"])["next_cursor"]
    clock.move_to(datetime.datetime(2016, 2, 3, 9, tzinfo=datetime.UTC))
    inspection.team.create(inspector=factories.InspectorFactory(inspectorate=factories.inspectorate("hmip")))
    changed = poll(client, tokens["hmip"], cursor=cursor)
    assert [c["reference"] for c in changed["changes"]] == [inspection.reference]
    teams = {t["inspectorate"] for t in changed["changes"][0]["inspection"]["team"]}
    assert teams == {"Ofsted", "HMI Probation"}


def test_a_change_is_given_only_once_it_has_settled_so_a_late_commit_is_not_skipped(client, clock, tokens, settings):
    settings.API_CHANGES_SETTLE_SECONDS = 60
    inspection = factories.InspectionFactory()
    page = poll(client, tokens["ofsted"], updated_since="2016-01-01T00:00:00Z")
    assert page["changes"] == []
    clock.shift(datetime.timedelta(seconds=60))
    page = poll(client, tokens["ofsted"], cursor=page["next_cursor"])
    assert [c["reference"] for c in page["changes"]] == [inspection.reference]


def test_bad_input_names_the_field(client, tokens):
    naive = client.get("/api/v1/changes/", {"updated_since": "2016-01-01T00:00:00"}, **bearer(tokens["cqc"]))
    assert naive.status_code == 422 and "updated_since" in naive.content.decode()
    forged = client.get("/api/v1/changes/", {"cursor": "bm90IGEgY3Vyc29y"}, **bearer(tokens["cqc"]))
    assert forged.status_code == 400 and forged.json()["detail"].startswith("cursor:")
