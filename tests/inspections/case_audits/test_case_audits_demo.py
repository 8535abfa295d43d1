"""`load_demo`'s two case-audit states, and that a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from inspections import demo as inspections_demo
from inspections.case_audits import demo
from inspections.case_audits.models import AgencyEvaluation, AuditCase, CaseAuditRequest, CaseSample, ReturnStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    inspections_demo.load(io.StringIO())
    demo.load(io.StringIO())


def test_the_notified_inspection_has_a_sent_request_and_a_late_partly_done_return(client, loaded):
    request = CaseAuditRequest.objects.get(inspection__area__name="South Gloucestershire")
    assert request.status == ReturnStatus.IN_PROGRESS
    statuses = list(AgencyEvaluation.objects.filter(case__request=request).values_list("status", flat=True))
    assert "done" in statuses and "draft" in statuses
    ref = request.inspection.reference
    client.force_login(get_user_model().objects.get(username="coordinator"))
    page = client.get(reverse("case_audits:overview", args=[ref])).content.decode()
    assert "The joint return is late" in page
    assert "Late" in client.get(reverse("case_audits:progress", args=[ref])).content.decode()
    client.force_login(get_user_model().objects.get(username="police.leader"))
    page = client.get(reverse("case_audits:overview", args=[ref])).content.decode()
    police_cases = AuditCase.objects.filter(request=request, agencies__kind="police")
    others = AuditCase.objects.filter(request=request).exclude(pk__in=police_cases)
    assert all(f"Case {c.reference}" in page for c in police_cases)
    assert not any(f"Case {c.reference}<" in page for c in others)


def test_the_published_inspection_has_a_submitted_return_and_samples(client, loaded):
    request = CaseAuditRequest.objects.get(inspection__area__name="Central Bedfordshire")
    assert request.status == ReturnStatus.SUBMITTED
    assert CaseSample.objects.filter(case__request=request).count() == 8
    client.force_login(get_user_model().objects.get(username="manager"))
    case = request.cases.first()
    page = client.get(reverse("case_audits:case", args=[request.inspection.reference, case.pk])).content.decode()
    assert "Joint case sampling" in page and "consistent with the file" in page


def test_loading_twice_changes_nothing(loaded):
    before = (AuditCase.objects.count(), AgencyEvaluation.history.count(), CaseSample.objects.count())
    demo.load(io.StringIO())
    assert (AuditCase.objects.count(), AgencyEvaluation.history.count(), CaseSample.objects.count()) == before


def test_the_demo_police_leader_takes_a_done_evaluation_back_to_a_draft_only_on_purpose(client, loaded):
    request = CaseAuditRequest.objects.get(inspection__area__name="South Gloucestershire")
    evaluation = AgencyEvaluation.objects.filter(case__request=request, agency__kind="police", status="done").first()
    client.force_login(get_user_model().objects.get(username="police.leader"))
    url = reverse(
        "case_audits:evaluation", args=[request.inspection.reference, evaluation.case_id, evaluation.agency_id]
    )
    answers = {"front-door__what_happened": "Updated by the constabulary.", "front-door__impact": "Lowered risk."}
    # "Save as draft" would undo "done" without a word: refused (test_evaluations).
    assert client.post(url, {**answers, "action": "draft"}).status_code == 400
    evaluation.refresh_from_db()
    assert evaluation.status == "done"
    response = client.post(url, {**answers, "action": "reopen"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"
    assert evaluation.answers["front-door"]["what_happened"] == "Updated by the constabulary."
