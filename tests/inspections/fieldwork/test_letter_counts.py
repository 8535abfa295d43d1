"""Findings rest on evidence; the letter never shows it, and its "How the inspection was done"
counts the records; the thematic report adds the counts across the theme's inspections; a
published letter keeps its text."""

import pytest
from django.urls import reverse

from inspections.case_audits.models import AuditCase, CaseAuditRequest, CaseSample
from inspections.fieldwork import evidence
from inspections.fieldwork.models import EvidenceRecord
from inspections.fieldwork.sync import record_data
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders, selectors
from inspections.reports.models import Finding
from jtai.errors import DomainError
from tests.helpers import area_with_people, london, plan_inspection
from tests.inspections import factories

from .helpers import child, payload

VOICE = "A young person said nobody asked why they went missing."


def record(inspection, user, **overrides):
    item = payload(inspection, occurred_at="2016-03-08T10:00:00+00:00", **overrides)
    return evidence.evidence_record_create(
        user=user, inspection=inspection, data=record_data(item), record_id=item["id"]
    ).record


@pytest.fixture
def week(written, lead, clock):
    """The written letter's inspection with its week's records: two children, a parent, three
    meetings, a document; and Ofsted's case sampling of two audited cases (one a sample too)."""
    clock.move_to(london(2016, 3, 14, 9, 0))
    request = CaseAuditRequest.objects.create(inspection=written, cases_number=2, status="submitted")
    cases = [AuditCase.objects.create(request=request, reference=f"C{n}") for n in range(2)]
    ofsted = factories.inspectorate("ofsted")
    samples = [CaseSample.objects.create(case=case, inspectorate=ofsted, recorded_by=lead) for case in cases]
    for _ in range(2):
        item = child(written, occurred_at="2016-03-08T11:00:00+00:00", text=VOICE)
        evidence.evidence_record_create(user=lead, inspection=written, data=record_data(item), record_id=item["id"])
    item = child(written, kind="family", occurred_at="2016-03-08T12:00:00+00:00", text="A mother felt heard.")
    evidence.evidence_record_create(user=lead, inspection=written, data=record_data(item), record_id=item["id"])
    for _ in range(3):
        record(written, lead)
    record(written, lead, kind="document", text="Read the missing-from-home protocol.")
    # Sampled twice by records (one case already a sample): each case once.
    record(written, lead, kind="case_sampling", case_sample=samples[0].pk)
    record(written, lead, kind="case_sampling", case_sample=samples[1].pk)
    return written


def fieldwork_paragraph(inspection) -> str:
    content = selectors.composed_letter(inspection)
    (section,) = [s for s in content["sections"] if s["heading"] == "How the inspection was done"]
    return section["paragraphs"][0]["text"]


def test_the_letter_counts_children_families_meetings_and_cases_from_the_records(week):
    said = fieldwork_paragraph(week)
    assert "the area audited 2 cases jointly" in said
    assert "Inspectors sampled cases jointly on site: Ofsted 2." in said
    assert (
        "Inspectors heard from 2 children and young people and 1 parent or carer, "
        "and met practitioners, managers and leaders in 3 meetings."
    ) in said


def test_no_conversation_recorded_says_so_once_evidence_is_kept(written, lead, clock):
    clock.move_to(london(2016, 3, 14, 9, 0))
    record(written, lead)
    said = fieldwork_paragraph(written)
    assert "Inspectors heard from no children and young people and no parents and carers" in said
    assert "in 1 meeting." in said


def rest_on(inspection, lead, records) -> Finding:
    """The letter's "Return-home interviews" finding, saved resting on `records`."""
    finding = Finding.objects.get(inspection=inspection, headline="Return-home interviews")
    return letters.finding_save(
        user=lead,
        inspection=inspection,
        finding=finding,
        scope_area=finding.scope_area,
        kind=finding.kind,
        headline=finding.headline,
        text=finding.text,
        records=records,
    )


def test_a_finding_rests_on_records_the_letter_never_shows(week, lead):
    voices = list(week.evidence_records.filter(kind="child"))
    finding = rest_on(week, lead, voices)
    assert set(finding.records.all()) == set(voices)
    assert VOICE not in str(selectors.composed_letter(week))


def test_a_finding_cannot_rest_on_another_inspections_records(week, lead):
    other = plan_inspection(people=area_with_people(name="Southshire"), lead=lead.inspector)
    foreign = EvidenceRecord.objects.filter(inspection=week).first()
    foreign.inspection = other
    foreign.save()
    with pytest.raises(DomainError) as refused:
        rest_on(week, lead, [foreign])
    assert refused.value.field == "records"
    assert not Finding.objects.get(inspection=week, headline="Return-home interviews").records.exists()


@pytest.fixture
def published(week, lead, local):
    letters.letter_send_draft(user=lead, inspection=week)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=week)
    letter = fa.letter_finalise(user=lead, inspection=week)
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=week)
    return week


def test_a_published_letter_keeps_its_text_whatever_is_recorded_after(published, lead, client):
    letter, version = selectors.published_letter(published.reference)
    before = version.content
    assert "1 parent or carer" in str(before)
    EvidenceRecord.objects.filter(inspection=published, kind="family").update(kind="child")
    letter, version = selectors.published_letter(published.reference)
    assert version.content == before
    page = client.get(reverse("published:letter", args=[published.reference])).content.decode()
    assert "1 parent or carer" in page


def test_the_thematic_report_adds_the_counts_across_the_themes_inspections(published):
    overview = selectors.thematic_overview(factories.theme())
    assert overview.fieldwork.children_heard == 2 and overview.fieldwork.families_heard == 1
    assert overview.fieldwork.meetings == 3
    context = selectors.thematic_context(theme=factories.theme(), report=None, links=False)
    (said,) = context["fieldwork_paragraphs"]
    assert "heard from 2 children and young people and 1 parent or carer" in said
