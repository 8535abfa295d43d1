"""The demo: a published letter with both kinds of recommendation and a decided response, a
draft with the area, a draft in progress, and the first theme's thematic report."""

import io

import pypdf
from django.core.management import call_command

from inspections.models import Stage
from inspections.reports.models import Addressee, Decision, Letter, LetterStatus, Priority, ThematicEdition

from .test_render import pdf_text


def test_the_demo_loads_twice_and_render_letter_works_for_the_published_inspection(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    published = Letter.objects.get(status=LetterStatus.PUBLISHED)
    inspection = published.inspection
    assert inspection.stage == Stage.PUBLISHED
    recs = inspection.recommendations.all()
    assert {r.priority for r in recs} == {Priority.PRIORITY_ACTION, Priority.DEVELOPMENT}
    assert {r.addressee for r in recs} == {Addressee.JOINT, Addressee.AGENCIES}
    assert {c.decision for c in published.comments.all()} == {Decision.ACCEPTED, Decision.REJECTED}
    assert published.response is not None
    assert Letter.objects.filter(status=LetterStatus.DRAFTING, inspection__stage=Stage.REPORTING).exists()
    edition = ThematicEdition.objects.get(report__theme__slug="cse-and-missing")
    assert edition.number == 1 and edition.is_ready
    assert list(edition.letters.all()) == [published]
    out = tmp_path / "letter.pdf"
    call_command("render_letter", inspection.reference, "--output", str(out), stdout=io.StringIO())
    text = pdf_text(out.read_bytes())
    assert "Areas for development" in text


def test_the_demos_published_letter_reads_as_the_inspectorates_published_them(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    letter = Letter.objects.get(status=LetterStatus.PUBLISHED)
    reference = letter.inspection.reference
    out = tmp_path / "letter.pdf"
    call_command("render_letter", reference, "--output", str(out), stdout=io.StringIO())
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages]
    text = " ".join(pages)
    final = letter.versions.get(purpose="final").content
    assert final["date"] and final["date"] in pages[0]
    assert "Yours sincerely" in text
    for name in ("Rowan Ashdown", "Imogen Faraday", "Gareth Linwood", "Sunita Okafor"):
        assert name in text
    assert "carried out by Ofsted, the Care Quality Commission" in text or ", Ofsted, the Care Quality" in text
    assert "Version" not in text and "None." not in text and "Draft" not in text
    draft = tmp_path / "draft.pdf"
    call_command("render_letter", reference, "--draft", "--output", str(draft), stdout=io.StringIO())
    assert all("Draft: not for publication" in page.extract_text() for page in pypdf.PdfReader(draft).pages)
    assert 8 <= len(pages) <= 20, len(pages)
    contents = letter.versions.get(purpose="final").content
    headings = [s["heading"] for s in contents["sections"]]
    assert "Key strengths" in headings and "Case study: highly effective practice" in headings
    labels = {p["label"] for s in contents["sections"] if s["heading"].startswith("Areas for") for p in s["paragraphs"]}
    assert "For a joint response by the partnership" in labels and "For the agency named" not in labels
