"""The letter, composed: fixed parts, findings by scope area, recommendations in their order,
paragraphs numbered once through the whole letter."""

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import AgencyKind
from inspections.reports import letters, selectors
from inspections.reports.models import Addressee, Priority, Recommendation
from jtai.errors import DomainError

from .conftest import agency, scope, to_reporting


def headings(content):
    return [s["heading"] for s in content["sections"]]


def numbers(content):
    return [p["number"] for s in content["sections"] for p in s["paragraphs"]]


def texts(content, heading):
    return [p["text"] for s in content["sections"] if s["heading"] == heading for p in s["paragraphs"]]


def test_the_letter_has_its_fixed_parts_findings_and_both_kinds_of_recommendation(written):
    content = selectors.composed_letter(written)
    assert headings(content)[:3] == ["Introduction", "Scope of the inspection", "Findings"]
    assert headings(content)[-4:] == [
        "Areas for priority action",
        "Areas for development",
        "What happens next",
        "Written statement of action",
    ]
    assert scope(0).name in headings(content) and scope(2).name in headings(content)
    # One count through the whole letter, so a comment can name a paragraph.
    assert numbers(content) == list(range(1, content["paragraph_count"] + 1))
    assert "Northshire" in texts(content, "Introduction")[0]
    assert "Dana Director, Director of Children's Services, Northshire" in content["addressees"]


def test_recommendations_appear_priority_first_in_the_teams_order(written, lead):
    content = selectors.composed_letter(written)
    assert texts(content, "Areas for priority action") == [
        "Offer every missing child a return-home interview.",
        "Disrupt the adults who exploit children.",
    ]
    labels = [
        p["label"] for s in content["sections"] if s["heading"] == "Areas for priority action" for p in s["paragraphs"]
    ]
    assert labels == ["For a joint response by the partnership", "For Northshire Police"]
    second = Recommendation.objects.get(text__startswith="Disrupt")
    letters.recommendation_move(user=lead, recommendation=second, direction="up")
    content = selectors.composed_letter(written)
    assert texts(content, "Areas for priority action")[0] == "Disrupt the adults who exploit children."
    with pytest.raises(DomainError):
        letters.recommendation_move(user=lead, recommendation=second, direction="up")


def test_a_recommendation_for_named_agencies_must_name_one(written, lead):
    with pytest.raises(DomainError) as error:
        letters.recommendation_save(
            user=lead,
            inspection=written,
            priority=Priority.DEVELOPMENT,
            scope_area=scope(0),
            addressee=Addressee.AGENCIES,
            text="Something",
        )
    assert error.value.field == "agencies"


def test_only_the_team_writes_findings_and_only_while_reporting(written, lead, local):
    with pytest.raises(PermissionDenied):
        letters.finding_save(
            user=local.coordinator,
            inspection=written,
            scope_area=scope(0),
            kind="strength",
            headline="x",
            text="y",
        )
    letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    with pytest.raises(DomainError, match="reporting"):
        letters.finding_save(
            user=lead, inspection=written, scope_area=scope(0), kind="strength", headline="x", text="y"
        )


def test_an_ofsted_only_letter_is_addressed_to_the_council_alone(clock, people):
    from tests.helpers import plan_inspection

    inspection = to_reporting(plan_inspection(people=people, framework="ofsted-targeted-2016"))
    lead = inspection.team.get(is_lead=True).inspector.user
    with pytest.raises(DomainError, match="council alone"):
        letters.recommendation_save(
            user=lead,
            inspection=inspection,
            priority=Priority.PRIORITY_ACTION,
            scope_area=scope(0),
            addressee=Addressee.AGENCIES,
            agencies=[agency(inspection, AgencyKind.POLICE)],
            text="Police must act.",
        )
    letters.recommendation_save(
        user=lead,
        inspection=inspection,
        priority=Priority.PRIORITY_ACTION,
        scope_area=scope(0),
        addressee=Addressee.JOINT,
        text="Act on the concern.",
    )
    content = selectors.composed_letter(inspection)
    assert content["addressees"] == ["Dana Director, Director of Children's Services, Northshire"]
    (priority,) = [s for s in content["sections"] if s["heading"] == "Areas for priority action"]
    assert priority["paragraphs"][0]["label"] == "For the council and its LSCB"
    assert content["title"].startswith("Ofsted targeted inspection of Northshire")


def _sample(inspection, reference: str, user):
    from inspections.case_audits.models import AuditCase, CaseAuditRequest, CaseSample
    from inspections.models import Inspectorate

    request, _ = CaseAuditRequest.objects.get_or_create(inspection=inspection, defaults={"cases_number": 5})
    case = AuditCase.objects.create(request=request, reference=reference)
    return CaseSample.objects.create(case=case, inspectorate=Inspectorate.objects.get(code="ofsted"), recorded_by=user)


def test_a_finding_rests_on_the_inspections_own_case_samples_which_the_letter_never_names(
    client, written, lead, clock, people
):
    from django.urls import reverse

    from inspections.reports.models import Finding, FindingKind
    from tests.helpers import area_with_people, plan_inspection

    mine = _sample(written, "NS-4471", lead)
    other = plan_inspection(people=area_with_people(name="Southshire"), lead=written.team.get(is_lead=True).inspector)
    theirs = _sample(other, "SS-0001", lead)
    finding = Finding.objects.get(inspection=written, headline="Return-home interviews")
    fields = dict(
        user=lead, inspection=written, scope_area=scope(2), kind=FindingKind.IMPROVEMENT, headline="Return-home"
    )

    with pytest.raises(DomainError) as refused:
        letters.finding_save(**fields, finding=finding, text="Too few.", samples=[theirs])
    assert refused.value.field == "samples"
    assert list(finding.samples.all()) == []

    letters.finding_save(**fields, finding=finding, text="Too few.", samples=[mine])
    assert list(finding.samples.all()) == [mine]
    # The team sees the evidence; the letter, which is published, names no case.
    client.force_login(lead)
    team_page = client.get(reverse("reports:letter", args=[written.reference])).content.decode()
    assert "case NS-4471 (Ofsted)" in team_page
    assert "NS-4471" not in str(selectors.composed_letter(written))
