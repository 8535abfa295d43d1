"""The API and the page give the same figures for the same letter and the same consultation."""

import datetime

import pytest

from consultations.imports import responses_import
from consultations.outcomes import consultation_publish
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders
from tests.helpers import csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    letter = fa.letter_finalise(user=lead, inspection=written, publication_date=datetime.date(2016, 3, 1))
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=written)
    written.refresh_from_db()
    return written


def test_a_published_letter_reads_the_same_as_its_page(client, published):
    ref = published.reference
    page = client.get(f"/published/{ref}/")
    answer = client.get(f"/api/v1/published/letters/{ref}/")
    assert page.status_code == answer.status_code == 200
    letter = answer.json()
    content = page.context["content"]
    assert letter["title"] == content["title"]
    assert letter["sections"] == content["sections"]
    numbers = [p["number"] for s in letter["sections"] for p in s["paragraphs"]]
    assert numbers == list(range(1, content["paragraph_count"] + 1))
    for paragraph in (p for s in letter["sections"] for p in s["paragraphs"]):
        assert f'id="paragraph-{paragraph["number"]}"' in page.content.decode()
    assert [(r["priority"], r["addressed_to"], r["text"]) for r in letter["recommendations"]] == [
        (
            "priority_action",
            "For a joint response by the partnership",
            "Offer every missing child a return-home interview.",
        ),
        ("priority_action", "For Northshire Police", "Disrupt the adults who exploit children."),
        ("development", "For Northshire NHS Trust", "Health staff attend every strategy meeting."),
    ]
    assert letter["pdf_url"] == f"http://testserver/published/{ref}/letter.pdf"
    assert client.get(letter["pdf_url"]).status_code == 200
    assert [entry["reference"] for entry in client.get("/api/v1/published/letters/").json()] == [ref]


def test_a_published_consultation_gives_the_outcome_reports_numbers(client, consultation, analyst):
    responses_import(
        consultation=consultation,
        file=csv_file(
            "R1,online,Social care,Yes,5 or fewer,",
            "R2,online,Policing,No,5 or fewer,",
            "R3,webinar,,Yes,More than 5,",
            "R4,letter,,Don't know,,",
        ),
    )
    consultation_publish(consultation=consultation, user=analyst)
    page = client.get(f"/consultations/{consultation.slug}/report/")
    answer = client.get(f"/api/v1/consultations/{consultation.slug}/")
    assert page.status_code == answer.status_code == 200
    tables = page.context["tables"]
    data = answer.json()
    assert [(r["channel"], r["responses"]) for r in data["responses"]] == [(c, n) for c, _, n in tables.responses]
    assert data["responses"][-1] == {"channel": "total", "label": "Total", "responses": 4}
    assert data["sectors"] == dict(tables.sectors)
    assert [
        (q["code"], [(r["channel"], r["answered"], r["counts"], r["percentages"]) for r in q["rows"]])
        for q in data["questions"]
    ] == [(q.code, [(r.channel, r.answered, r.counts, r.percentages) for r in q.rows]) for q in tables.questions]
    q1_total = data["questions"][0]["rows"][-1]
    assert q1_total["counts"] == {"Yes": 2, "No": 1, "Don't know": 1} and q1_total["percentages"]["Yes"] == 50
    html = page.content.decode()
    assert "50" in html
