"""The demo: a published letter with both kinds of recommendation and a decided response, a
draft with the area, a draft in progress, and the first theme's thematic report."""

import io

from django.core.management import call_command

from inspections.models import Stage
from inspections.reports.models import Addressee, Decision, Letter, LetterStatus, Priority, ThematicReport

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
    report = ThematicReport.objects.get(theme__slug="cse-and-missing")
    assert report.is_published and report.is_ready
    out = tmp_path / "letter.pdf"
    call_command("render_letter", inspection.reference, "--output", str(out), stdout=io.StringIO())
    assert "Areas for development" in pdf_text(out.read_bytes())
