"""Every PDF the service publishes is tagged for assistive technology (PDF/UA-1): marked, with a
structure tree, its language, and a title that viewers show instead of the file name."""

import io

import pypdf
import pytest
from django.urls import reverse

from consultations.definition import consultation_load
from consultations.imports import responses_import
from consultations.outcomes import consultation_publish
from consultations.permissions import analysts_group
from consultations.report_pdf import report_pdf_render
from inspections.reports import renders, thematic
from tests.factories import UserFactory
from tests.inspections import factories

CONSULTATION = {
    "slug": "pdf-consultation",
    "title": "PDF consultation",
    "channels": [{"code": "online", "label": "Online consultation"}],
    "sectors": ["Social care"],
    "questions": [{"code": "q1", "text": "Do you agree?", "type": "choice", "options": ["Yes", "No"]}],
}


def downloaded(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def assert_accessible(data: bytes, *, title: str, texts: list[str]) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] in ("en", "en-GB")
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in texts:
        assert expected in text


def test_the_published_letter_is_a_tagged_pdf_with_its_title(client, published):
    data = downloaded(client.get(f"/published/{published.reference}/letter.pdf"))
    title = published.letter.versions.order_by("-number").first().content["title"]
    assert title.startswith("Joint targeted area inspection") and title.endswith("in Northshire")
    assert_accessible(data, title=title, texts=["Areas for priority action", "Offer every missing child"])


def test_the_thematic_report_is_a_tagged_pdf_with_its_title(client, published):
    manager = factories.InspectorFactory(user__username="boss", is_manager=True).user
    theme = factories.theme()
    thematic.thematic_report_save(user=manager, theme=theme, summary="What we found across the areas.")
    edition = thematic.thematic_report_publish(user=manager, theme=theme)
    assert renders.thematic_pdf_render(edition_id=edition.pk) is True
    data = downloaded(client.get(f"/published/themes/{theme.slug}/report.pdf"))
    assert_accessible(
        data, title=f"Thematic report: {theme.name}", texts=["What we found across the areas.", "Information sharing"]
    )


@pytest.mark.django_db
def test_the_consultation_outcome_report_is_a_tagged_pdf_with_its_title(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = UserFactory(username="analyst")
    analyst.groups.add(analysts_group())
    consultation = consultation_load(data=CONSULTATION)
    responses_import(
        consultation=consultation,
        file=io.BytesIO(b"respondent_id,channel,sector,q1\nR1,online,Social care,Yes\nR2,online,Social care,No\n"),
    )
    consultation_publish(consultation=consultation, user=analyst)
    assert report_pdf_render(consultation_id=consultation.pk) is True
    data = downloaded(client.get(reverse("consultations:report_pdf", args=[consultation.slug])))
    assert_accessible(
        data, title="PDF consultation: consultation outcome", texts=["Consultation outcome", "Do you agree?"]
    )
