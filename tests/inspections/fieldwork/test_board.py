"""The evidence board: one filter for the list, the counts and the emerging findings' records; the
strengths and areas for improvement per agency and part of the scope; a fixed number of queries."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.fieldwork.board import BoardFilter, board_of
from inspections.fieldwork.models import EvidenceRecord
from inspections.models import AgencyKind, ScopeArea
from tests.helpers import london, sign_in_as

from .test_pages import make


def bulk(inspection, author, count: int) -> None:
    """`count` records at once (for the query counts: the services are not what is measured)."""
    scopes = list(ScopeArea.objects.order_by("order"))
    agencies = list(inspection.area.agencies.order_by("pk"))
    inspectorate = author.inspector.inspectorate
    weights = ["strength", "improvement", "context"]
    records = EvidenceRecord.objects.bulk_create(
        EvidenceRecord(
            id=uuid.uuid4(),
            inspection=inspection,
            author=author,
            inspectorate=inspectorate,
            kind="observation",
            occurred_at=london(2016, 3, 7, 10, 0),
            weight=weights[n % 3],
            text=f"Observation {n}",
        )
        for n in range(count)
    )
    EvidenceRecord.scope_areas.through.objects.bulk_create(
        EvidenceRecord.scope_areas.through(evidencerecord_id=r.pk, scopearea_id=scopes[n % len(scopes)].pk)
        for n, r in enumerate(records)
    )
    EvidenceRecord.agencies.through.objects.bulk_create(
        EvidenceRecord.agencies.through(evidencerecord_id=r.pk, agency_id=agencies[n % len(agencies)].pk)
        for n, r in enumerate(records)
    )


def agency(inspection, kind):
    return inspection.area.agencies.get(kind=kind)


def test_the_counts_per_agency_and_scope_area(on_site, cqc, lead):
    police, health = agency(on_site, AgencyKind.POLICE), agency(on_site, AgencyKind.HEALTH)
    make(on_site, cqc.user, agencies=[police.pk, health.pk], scope_areas=["front-door"], weight="strength")
    make(on_site, lead, agencies=[police.pk], scope_areas=["front-door", "deep-dive"], weight="improvement")
    make(on_site, lead, agencies=[police.pk], scope_areas=["front-door"], weight="context")
    board = board_of(on_site, BoardFilter())
    rows = {row.agency: row.cells for row in board.counts}
    # Scope areas in order: front door, assessment, deep dive, leadership.
    assert rows[police.name] == [(1, 1), (0, 0), (0, 1), (0, 0)]
    assert rows[health.name] == [(1, 0), (0, 0), (0, 0), (0, 0)]
    assert board.total == 3


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (BoardFilter(weight="strength"), {"strength"}),
        (BoardFilter(kind="child"), {"child"}),
        (BoardFilter(inspectorate="cqc"), {"cqc"}),
        (BoardFilter(scope_area="deep-dive"), {"deep"}),
        (BoardFilter(agency="police"), {"police"}),
    ],
)
def test_each_filter_narrows_the_list_and_the_counts(on_site, cqc, lead, chosen, expected):
    police, health = agency(on_site, AgencyKind.POLICE), agency(on_site, AgencyKind.HEALTH)
    made = {
        "strength": make(on_site, lead, weight="strength", agencies=[health.pk], scope_areas=["assessment"]),
        "child": make(
            on_site,
            lead,
            kind="child",
            weight="context",
            agencies=[health.pk],
            scope_areas=["assessment"],
            age_band="5_10",
            medium="phone",
            consent_given=True,
        ),
        "cqc": make(on_site, cqc.user, weight="improvement", agencies=[health.pk], scope_areas=["assessment"]),
        "deep": make(on_site, lead, weight="context", agencies=[health.pk], scope_areas=["deep-dive"]),
        "police": make(on_site, lead, weight="context", agencies=[police.pk], scope_areas=["assessment"]),
    }
    if chosen.agency == "police":
        chosen = BoardFilter(agency=str(police.pk))
    board = board_of(on_site, chosen)
    assert {r.pk for r in board.page} == {made[name].pk for name in expected}
    counted = sum(s + i for row in board.counts for s, i in row.cells)
    assert counted == sum(made[name].weight in ("strength", "improvement") for name in expected)


def test_the_board_page_filters_from_the_query_string(client, on_site, cqc, lead):
    make(on_site, cqc.user, weight="strength", text="Strong screening in the MASH.")
    make(on_site, lead, weight="improvement", text="Late return-home interviews.")
    sign_in_as(client, lead)
    page = client.get(reverse("fieldwork:board", args=[on_site.reference]), {"weight": "improvement"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 record<" in body and "Late return-home" not in body  # the list shows kinds, not the text
    assert body.count("data-record-id=") == 1


def test_the_board_runs_the_same_queries_for_20_records_as_for_2000(client, on_site, lead, django_assert_num_queries):
    sign_in_as(client, lead)
    url = reverse("fieldwork:board", args=[on_site.reference])
    bulk(on_site, lead, 20)
    client.get(url)  # the session and the caches warm
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"weight": "strength"}).status_code == 200
    bulk(on_site, lead, 1980)
    with django_assert_num_queries(len(small)):
        response = client.get(url, {"weight": "strength"})
    # 2,000 records a third of them strengths (20 with 7 first, then 1,980 with 660): all counted, 50 shown.
    body = response.content.decode()
    assert "667 records" in body and body.count("data-record-id=") == 50
