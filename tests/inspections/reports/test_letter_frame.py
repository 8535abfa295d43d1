"""The letter's frame as the inspectorates published it: dated, signed by each inspectorate that
took part (its signatory on the letter's date), the inspectorates named lead first as the letters
named them, no empty section, a draft marked as one on every page and no version number on the
pages of the final letter."""

import datetime
import io

import pypdf
import pytest

from inspections.models import MilestoneKey
from inspections.reports import renders, selectors
from inspections.reports.composition import long_date
from inspections.reports.models import InspectorateNaming, Recommendation, Signatory
from tests.inspections import factories

from .conftest import to_reporting


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def headings(content):
    return [s["heading"] for s in content["sections"]]


def introduction(content) -> str:
    return " ".join(p["text"] for s in content["sections"] if s["heading"] == "Introduction" for p in s["paragraphs"])


def publication_day(inspection) -> datetime.date:
    return inspection.milestone(MilestoneKey.PUBLICATION_DUE).date


def sign(code: str, name: str, title: str, valid_from: datetime.date, valid_to: datetime.date | None = None):
    return Signatory.objects.create(
        inspectorate=factories.inspectorate(code), name=name, title=title, valid_from=valid_from, valid_to=valid_to
    )


def test_the_letter_is_dated_on_its_publication_date(written):
    content = selectors.composed_letter(written)
    assert content["date"] == long_date(publication_day(written))
    first_page = pages_of(renders.letter_pdf_bytes(content, number=3))[0]
    assert long_date(publication_day(written)) in first_page


def test_it_ends_yours_sincerely_with_each_inspectorates_signatory_on_the_letters_date(written):
    day = publication_day(written)
    director = "National Director, Social Care"
    sign("ofsted", "Alex Former", director, datetime.date(2014, 1, 1), day - datetime.timedelta(1))
    sign("ofsted", "Bea Current", director, day)
    sign("cqc", "Cal Carer", "Chief Inspector of Primary Medical Services", datetime.date(2015, 1, 1))
    sign("hmic", "Dee Constable", "HM Inspector of Constabulary", datetime.date(2015, 1, 1))
    sign("hmip", "Eve Probation", "HM Chief Inspector of Probation", datetime.date(2015, 1, 1), day)
    content = selectors.composed_letter(written)
    assert content["closing"] == "Yours sincerely"
    assert [(s["inspectorate"], s["name"]) for s in content["signatures"]] == [
        ("Ofsted", "Bea Current"),
        ("CQC", "Cal Carer"),
        ("HMIC", "Dee Constable"),
        ("HMI Probation", "Eve Probation"),
    ]
    text = "\n".join(pages_of(renders.letter_pdf_bytes(content, number=1)))
    assert "Yours sincerely" in text and "HM Chief Inspector of Probation" in text and "Alex Former" not in text


def test_an_ofsted_only_letter_is_signed_by_ofsted_alone(clock, people):
    from tests.helpers import plan_inspection

    inspection = to_reporting(plan_inspection(people=people, framework="ofsted-targeted-2016"))
    sign("ofsted", "Bea Current", "National Director, Social Care", datetime.date(2015, 1, 1))
    sign("cqc", "Cal Carer", "Chief Inspector", datetime.date(2015, 1, 1))
    content = selectors.composed_letter(inspection)
    assert [s["inspectorate"] for s in content["signatures"]] == ["Ofsted"]


def test_the_opening_names_ofsted_first_then_the_others_as_the_letters_did(written):
    assert (
        "Ofsted, the Care Quality Commission (CQC), HM Inspectorate of Constabulary (HMIC) and "
        "HM Inspectorate of Probation (HMI Probation) carried out" in introduction(selectors.composed_letter(written))
    )


def test_a_change_of_name_takes_effect_from_its_date(written):
    day = publication_day(written)
    InspectorateNaming.objects.create(
        inspectorate=factories.inspectorate("hmic"),
        valid_from=day + datetime.timedelta(1),
        name_in_letter="HMX",
        position=3,
    )
    assert "HMX" not in introduction(selectors.composed_letter(written))
    InspectorateNaming.objects.filter(name_in_letter="HMX").update(valid_from=day)
    assert "(HMIC)" not in introduction(selectors.composed_letter(written))
    assert "HMX and HM Inspectorate of Probation" in introduction(selectors.composed_letter(written))


def test_a_kind_of_recommendation_the_letter_does_not_make_is_left_out_and_the_opening_says_so(written):
    content = selectors.composed_letter(written)
    assert "the areas for priority action and the areas for development" in introduction(content)
    Recommendation.objects.filter(inspection=written, priority="development").delete()
    content = selectors.composed_letter(written)
    assert "Areas for development" not in headings(content)
    assert "Areas for priority action" in headings(content)
    assert "the areas for development" not in introduction(content)
    assert "sets out the findings of the inspection and the areas for priority action." in introduction(content)
    assert all(p["text"] != "None." for s in content["sections"] for p in s["paragraphs"])


def test_a_letter_with_no_findings_yet_has_no_findings_heading(reporting, lead):
    from inspections.reports import letters

    letters.letter_get_or_create(inspection=reporting)
    content = selectors.composed_letter(reporting)
    assert "Findings" not in headings(content)
    assert all(s["paragraphs"] for s in content["sections"])


def test_the_final_letter_has_no_version_on_its_pages_but_in_its_metadata(written):
    data = renders.letter_pdf_bytes(selectors.composed_letter(written), number=3)
    assert not any("Version" in page or "version" in page for page in pages_of(data))
    assert not any("Draft" in page for page in pages_of(data))
    assert "version 3" in pypdf.PdfReader(io.BytesIO(data)).metadata["/Keywords"]


def test_a_draft_version_says_draft_with_its_date_on_every_page(written, lead):
    from inspections.reports import letters

    version = letters.letter_render_request(user=lead, inspection=written)
    assert renders.letter_version_render(version_id=version.pk) is True
    version.refresh_from_db()
    pages = pages_of(version.file.read())
    made_on = long_date(version.requested_at.date())
    assert pages and all(f"Draft: not for publication ({made_on})" in " ".join(page.split()) for page in pages)


def test_the_letter_is_addressed_to_named_people_with_their_job_titles_council_first(written, people):
    from inspections.models import PersonRole

    person = factories.PersonFactory
    area = people.area
    person(name="Cath Exec", email="ce@example.org", role=PersonRole.CHIEF_EXECUTIVE, area=area)
    person(
        name="Pat Commissioner",
        email="pcc@example.org",
        role=PersonRole.POLICE_AND_CRIME_COMMISSIONER,
        area=area,
        agency=people.police.agency,
    )
    people.police.job_title = "Chief Constable"
    people.police.save()
    people.health.job_title = "Accountable Officer"
    people.health.save()
    assert selectors.composed_letter(written)["addressees"] == [
        "Dana Director, Director of Children's Services, Northshire",
        "Cath Exec, Chief Executive, Northshire",
        "Peter Police, Chief Constable, Northshire Police",
        "Pat Commissioner, Police and Crime Commissioner, Northshire Police",
        "Hana Health, Accountable Officer, Northshire NHS Trust",
        "Lee Board, Chair of the Local Safeguarding Children Board, Northshire LSCB",
    ]


def test_an_ofsted_only_letter_is_addressed_to_the_council_and_not_the_commissioner(clock, people):
    from inspections.models import PersonRole
    from tests.helpers import plan_inspection

    inspection = to_reporting(plan_inspection(people=people, framework="ofsted-targeted-2016"))
    factories.PersonFactory(name="Cath Exec", email="ce@example.org", role=PersonRole.CHIEF_EXECUTIVE, area=people.area)
    factories.PersonFactory(
        name="Pat Commissioner", email="p@example.org", role=PersonRole.POLICE_AND_CRIME_COMMISSIONER, area=people.area
    )
    assert selectors.composed_letter(inspection)["addressees"] == [
        "Dana Director, Director of Children's Services, Northshire",
        "Cath Exec, Chief Executive, Northshire",
    ]


def test_every_line_of_a_numbered_paragraph_starts_at_the_same_indent(written):
    content = selectors.composed_letter(written)
    content["sections"] = [
        {"heading": "Findings", "level": 2, "paragraphs": [{"number": 1, "label": "", "text": "Partners act. " * 60}]}
    ]
    page = pypdf.PdfReader(io.BytesIO(renders.letter_pdf_bytes(content))).pages[0]
    starts = []  # where each line of the paragraph's text starts, the number left out

    def visit(text, cm, tm, font, size):
        if "Partners" in text:
            x = tm[4] * cm[0] + cm[4]
            # The first line's fragment begins with the space after the number: its text starts after it.
            if text.startswith(" "):
                x += 0.2778 * size * tm[0] * cm[0]
            starts.append(x)

    page.extract_text(visitor_text=visit)
    assert len(starts) > 3 and max(starts) - min(starts) < 0.5, starts


def test_the_title_follows_the_framework_versions_pattern(written):
    from inspections.reports.composition import DEFAULT_TEMPLATE
    from inspections.reports.models import LetterTemplate

    assert selectors.composed_letter(written)["title"].startswith("Joint targeted area inspection of the multi-agency")
    LetterTemplate.objects.create(
        framework=written.framework,
        introduction=DEFAULT_TEMPLATE.introduction,
        scope=DEFAULT_TEMPLATE.scope,
        what_happens_next=DEFAULT_TEMPLATE.what_happens_next,
        action_plan=DEFAULT_TEMPLATE.action_plan,
        title="Joint inspection of the response to abuse and neglect in {area}, with a deep dive on {theme}",
    )
    title = selectors.composed_letter(written)["title"]
    theme = written.theme.name.lower()
    assert title == f"Joint inspection of the response to abuse and neglect in Northshire, with a deep dive on {theme}"


def test_what_happens_next_says_who_prepares_and_oversees_the_statement_where_it_goes_and_by_when(written):
    from inspections.reports.composition import DEFAULT_TEMPLATE
    from inspections.reports.models import LetterTemplate

    LetterTemplate.objects.create(
        framework=written.framework,
        introduction=DEFAULT_TEMPLATE.introduction,
        scope=DEFAULT_TEMPLATE.scope,
        what_happens_next=DEFAULT_TEMPLATE.what_happens_next,
        action_plan=DEFAULT_TEMPLATE.action_plan,
        action_plan_address="statements@inspectorates.example.org",
    )
    content = selectors.composed_letter(written)
    (section,) = [s for s in content["sections"] if s["heading"] == "What happens next"]
    said = " ".join(p["text"] for p in section["paragraphs"])
    due = selectors.action_plan_due(written, selectors.letter_of(written))
    assert "The Director of Children's Services should prepare, with the partnership" in said
    assert "The local safeguarding children board oversees it." in said
    assert f"sent to statements@inspectorates.example.org by {long_date(due)}." in said
    assert "monitor" not in said


def test_how_the_inspection_was_done_counts_what_was_recorded_and_leaves_out_what_was_not(written, lead):
    from inspections.case_audits.models import AuditCase, CaseAuditRequest, CaseSample

    assert "How the inspection was done" not in headings(selectors.composed_letter(written))
    request = CaseAuditRequest.objects.create(inspection=written, cases_number=3, status="submitted")
    cases = [AuditCase.objects.create(request=request, reference=f"C{n}") for n in range(3)]
    for case, code in ((cases[0], "ofsted"), (cases[1], "ofsted"), (cases[0], "cqc")):
        CaseSample.objects.create(case=case, inspectorate=factories.inspectorate(code), recorded_by=lead)
    content = selectors.composed_letter(written)
    (section,) = [s for s in content["sections"] if s["heading"] == "How the inspection was done"]
    said = section["paragraphs"][0]["text"]
    assert "the area audited 3 cases jointly" in said
    assert "Ofsted 2 and the Care Quality Commission (CQC) 1." in said
    assert "HMIC" not in said and "children" not in said and " 0 " not in said


def _strength(inspection, user, **changes):
    from inspections.reports import letters
    from inspections.reports.models import Finding

    finding = Finding.objects.get(inspection=inspection, headline="Information sharing")
    fields = {
        "scope_area": finding.scope_area,
        "kind": finding.kind,
        "headline": finding.headline,
        "text": "Partners share information quickly. They act on it the same day.",
        "agencies": list(finding.agencies.all()),
    }
    return letters.finding_save(user=user, inspection=inspection, finding=finding, **{**fields, **changes})


def test_the_findings_open_with_the_key_strengths_the_lead_chose(written, lead):
    assert "Key strengths" not in headings(selectors.composed_letter(written))
    _strength(written, lead, is_key_strength=True)
    content = selectors.composed_letter(written)
    assert headings(content)[headings(content).index("Findings") + 1] == "Key strengths"
    (section,) = [s for s in content["sections"] if s["heading"] == "Key strengths"]
    assert [(p["label"], p["text"]) for p in section["paragraphs"]] == [
        ("Information sharing", "Partners share information quickly.")
    ]


def test_only_a_strength_is_a_key_strength_and_only_the_lead_chooses_it(written, lead):
    from inspections.reports import letters
    from inspections.reports.models import Finding
    from jtai.errors import DomainError

    weak = Finding.objects.get(inspection=written, headline="Return-home interviews")
    with pytest.raises(DomainError, match="Only a strength") as refused:
        letters.finding_save(
            user=lead,
            inspection=written,
            finding=weak,
            scope_area=weak.scope_area,
            kind=weak.kind,
            headline=weak.headline,
            text=weak.text,
            is_key_strength=True,
        )
    assert refused.value.field == "is_key_strength"
    from inspections.models import TeamMembership

    inspector = factories.InspectorFactory(user__username="team-member")
    TeamMembership.objects.create(inspection=written, inspector=inspector, is_lead=False)
    member = inspector.user
    with pytest.raises(DomainError, match="Only the lead inspector chooses") as refused:
        _strength(written, member, is_key_strength=True)
    assert not Finding.objects.filter(is_key_strength=True).exists()


def test_a_case_study_names_the_agency_never_the_child(written, lead):
    from inspections.case_audits.models import AuditCase, CaseAuditRequest, CaseSample
    from jtai.errors import DomainError

    request = CaseAuditRequest.objects.create(inspection=written, cases_number=1)
    case = AuditCase.objects.create(request=request, reference="NS-4471")
    CaseSample.objects.create(case=case, inspectorate=factories.inspectorate("ofsted"), recorded_by=lead)
    with pytest.raises(DomainError, match="never names the child: take out “NS-4471”") as refused:
        _strength(written, lead, case_study="In case NS-4471 the police acted within the hour.")
    assert refused.value.field == "case_study"
    _strength(written, lead, case_study="A 14-year-old was found within the hour.")
    content = selectors.composed_letter(written)
    (section,) = [s for s in content["sections"] if s["heading"] == "Case study: highly effective practice"]
    assert section["paragraphs"][0]["text"] == (
        "A 14-year-old was found within the hour. (This concerns Northshire Police.)"
    )


def _leadership_finding(inspection, user, headline: str, **extra):
    from inspections.models import ScopeArea
    from inspections.reports import letters

    return letters.finding_save(
        user=user,
        inspection=inspection,
        scope_area=ScopeArea.objects.get(code="leadership"),
        kind="strength",
        headline=headline,
        text=f"{headline} is strong.",
        **extra,
    )


def test_leadership_of_the_agencies_and_the_lscbs_effectiveness_are_judged_apart(written, lead):
    from jtai.errors import DomainError

    with pytest.raises(DomainError, match="whose leadership") as refused:
        _leadership_finding(written, lead, "Strategy")
    assert refused.value.field == "leadership_of"
    with pytest.raises(DomainError, match="bears on") as refused:
        _leadership_finding(written, lead, "Strategy", leadership_of="agencies")
    assert refused.value.field == "bears_on"
    _leadership_finding(written, lead, "Strategy", leadership_of="agencies", bears_on="deep_dive")
    _leadership_finding(written, lead, "Board challenge", leadership_of="lscb", bears_on="front_door")
    content = selectors.composed_letter(written)
    agencies = "The effectiveness and leadership of the agencies"
    lscb = "The effectiveness of the LSCB"
    assert headings(content).index(agencies) + 1 == headings(content).index(lscb)
    (section,) = [s for s in content["sections"] if s["heading"] == lscb]
    assert section["paragraphs"][0]["text"] == "Board challenge is strong. (This bears on the front door.)"
    with pytest.raises(DomainError, match="Only a finding on leadership"):
        _strength(written, lead, leadership_of="lscb", bears_on="front_door")
