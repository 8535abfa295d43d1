"""Steps of the case-audit journey, shared by the journey and page tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.case_audits import services
from inspections.case_audits.access import access_for
from inspections.case_audits.models import CaseAuditRequest
from inspections.models import Agency

from .conftest import pdf_bytes


def access(user, inspection):
    return access_for(user, inspection.reference)


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def full_answers(scopes, text="Seen within a day; the plan was followed.") -> dict:
    return {s.code: {"what_happened": text, "impact": text, "strengths": text, "improvements": text} for s in scopes}


def request_with_cases(lead_user, inspection, people, *, number=5) -> CaseAuditRequest:
    """The lead sets the number, describes the cohort and `number` cases (police and health in
    the first two, health alone in the rest)."""
    a = access(lead_user, inspection)
    services.request_save(user=lead_user, access=a, cases_number=number, cohort="Children missing from care.")
    police = Agency.objects.get(pk=people.police.agency_id)
    health = Agency.objects.get(pk=people.health.agency_id)
    for n in range(number):
        services.case_add(
            user=lead_user, access=a, reference=f"SG-{n + 1:03d}", agencies=[police, health] if n < 2 else [health]
        )
    return CaseAuditRequest.objects.get(inspection=inspection)
