"""Polling for changes: `updated_since` starts, each answer's cursor continues, and nothing is
missed: not a change at the same instant as another, not one committed by a transaction that
stayed open while later ones were given, not a bulk update or a raw SQL write that no history row
records, not an inspection leaving the view when it is cancelled.

The feed reads only what other transactions have committed, so these tests commit for real."""

import datetime

import psycopg
import pytest
from django.db import connection

from api import selectors, v1
from inspections.models import Milestone
from inspections.services import inspection_transition
from tests.api.helpers import bearer
from tests.inspections import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# SQLite has one writer at a time: no transaction can commit behind another, and its triggers log
# every update, changed or not.
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's transactions")


def poll(client, token, **params):
    answer = client.get("/api/v1/changes/", params, **bearer(token))
    assert answer.status_code == 200, answer.content
    return answer.json()


def changed(page) -> list[str]:
    return [c["reference"] for c in page["changes"]]


def test_changes_at_the_same_instant_are_all_given_one_page_at_a_time(client, clock, tokens, monkeypatch):
    monkeypatch.setattr(v1, "PAGE", 1)
    made = {factories.InspectionFactory().reference for _ in range(3)}  # the clock is frozen: one instant
    seen, cursor = [], None
    page = poll(client, tokens["cqc"], updated_since="2016-01-01T00:00:00Z")
    while True:
        seen += changed(page)
        cursor = page["next_cursor"]
        if not page["more"]:
            break
        page = poll(client, tokens["cqc"], cursor=cursor)
    assert sorted(seen) == sorted(made)
    assert poll(client, tokens["cqc"], cursor=cursor)["changes"] == []


def test_updated_since_leaves_out_what_changed_before_it(client, tokens):
    factories.InspectionFactory()
    assert poll(client, tokens["cqc"], updated_since="2999-01-01T00:00:00Z")["changes"] == []
    assert len(changed(poll(client, tokens["cqc"], updated_since="2000-01-01T00:00:00Z"))) == 1


def test_a_cancelled_inspection_is_reported_as_leaving_the_view(client, clock, tokens):
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


def test_a_team_or_milestone_change_is_a_change_of_the_inspection(client, clock, tokens):
    inspection, other = factories.InspectionFactory(), factories.InspectionFactory()
    cursor = poll(client, tokens["hmip"])["next_cursor"]
    inspection.team.create(inspector=factories.InspectorFactory(inspectorate=factories.inspectorate("hmip")))
    page = poll(client, tokens["hmip"], cursor=cursor)
    assert changed(page) == [inspection.reference]
    teams = {t["inspectorate"] for t in page["changes"][0]["inspection"]["team"]}
    assert teams == {"Ofsted", "HMI Probation"}
    # A bulk update writes no history row; the feed gives it all the same.
    Milestone.objects.filter(inspection=other).update(date=datetime.date(2016, 3, 1))
    assert changed(poll(client, tokens["hmip"], cursor=page["next_cursor"])) == [other.reference]


def test_a_write_in_raw_sql_is_given(client, tokens):
    inspection = factories.InspectionFactory()
    cursor = poll(client, tokens["ofsted"])["next_cursor"]
    with connection.cursor() as cursor_:
        cursor_.execute("UPDATE inspections_inspection SET concern = 'Fixed by hand' WHERE id = %s", [inspection.pk])
    assert changed(poll(client, tokens["ofsted"], cursor=cursor)) == [inspection.reference]


@postgresql
def test_a_save_that_changes_nothing_is_not_a_change(client, tokens):
    inspection = factories.InspectionFactory()
    cursor = poll(client, tokens["ofsted"])["next_cursor"]
    inspection.save()
    assert poll(client, tokens["ofsted"], cursor=cursor)["changes"] == []


@postgresql
def test_a_transaction_still_open_holds_later_changes_back_so_none_is_skipped(client, tokens):
    slow, quick = factories.InspectionFactory(), factories.InspectionFactory()
    cursor = poll(client, tokens["cqc"])["next_cursor"]
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other:
        # Another process writes to `slow` and keeps its transaction open...
        other.execute("UPDATE inspections_inspection SET concern = 'Slow' WHERE id = %s", [slow.pk])
        # ...while this one changes `quick` and commits.
        quick.concern = "Quick"
        quick.save(update_fields=["concern"])
        held = poll(client, tokens["cqc"], cursor=cursor)
        assert held["changes"] == [] and held["more"] is False
        other.commit()
    page = poll(client, tokens["cqc"], cursor=held["next_cursor"])
    assert sorted(changed(page)) == sorted([slow.reference, quick.reference])


def test_bad_input_names_the_field(client, tokens):
    naive = client.get("/api/v1/changes/", {"updated_since": "2016-01-01T00:00:00"}, **bearer(tokens["cqc"]))
    assert naive.status_code == 422 and "updated_since" in naive.content.decode()
    forged = client.get("/api/v1/changes/", {"cursor": "bm90IGEgY3Vyc29y"}, **bearer(tokens["cqc"]))
    assert forged.status_code == 400 and forged.json()["detail"].startswith("cursor:")


@postgresql
def test_a_role_that_cannot_see_every_session_waits_for_the_oldest_transaction_anywhere(client, tokens):
    """pg_stat_activity hides other roles' transactions: such a role holds back to the server's
    oldest running transaction (how long it then waits depends on the whole server, so this test
    stops at the hold)."""
    slow, quick = factories.InspectionFactory(), factories.InspectionFactory()
    cursor = poll(client, tokens["cqc"])["next_cursor"]
    with connection.cursor() as sql:
        sql.execute("DROP ROLE IF EXISTS jtai_feed_reader")
        sql.execute("CREATE ROLE jtai_feed_reader NOSUPERUSER")
        sql.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO jtai_feed_reader")
        sql.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO jtai_feed_reader")
    try:
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("UPDATE inspections_inspection SET concern = 'Slow' WHERE id = %s", [slow.pk])
            quick.concern = "Quick"
            quick.save(update_fields=["concern"])
            with connection.cursor() as sql:
                sql.execute("SET ROLE jtai_feed_reader")
            held = poll(client, tokens["cqc"], cursor=cursor)
            # Held back behind the open transaction, which this role cannot see in pg_stat_activity.
            assert held["changes"] == [] and held["more"] is False
            (slow_xid,) = other.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()
            assert selectors.Cursor.decode(held["next_cursor"]).xid <= slow_xid
            other.commit()
    finally:
        with connection.cursor() as sql:
            sql.execute("RESET ROLE")
            sql.execute("DROP OWNED BY jtai_feed_reader")
            sql.execute("DROP ROLE jtai_feed_reader")
