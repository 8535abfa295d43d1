"""Case audits start from a notified inspection: planned through the planning service (which
records the DCS, coordinator and agency leaders), then told at the notification time."""

import pytest

from inspections.models import Stage
from inspections.notifications.dispatch import notifications_dispatch
from tests.inspections.case_audits.helpers import (  # noqa: F401 (the case-audit tests import them from here)
    NOTIFICATION,
    PUBLISHED,
    docx_bytes,
    exe_bytes,
    invitation_token,
    odt_bytes,
    pdf_bytes,
    plain_zip_bytes,
    publish,
)


@pytest.fixture(autouse=True)
def _private_media(private_media):
    return private_media


@pytest.fixture
def notified(clock, people, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    planned_inspection.refresh_from_db()
    assert planned_inspection.stage == Stage.NOTIFIED
    return planned_inspection


@pytest.fixture
def material(notified, people, lead, clock):
    """A notified inspection's case audits with free text about children in every place it can
    be, two files on disk, and the history copies of all of it. Not published."""
    from django.core.files.base import ContentFile

    from inspections.case_audits import services
    from inspections.case_audits.models import AgencyEvaluation, Attachment, CaseSample, DocumentReturn

    from .helpers import access, request_with_cases

    request = request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    for evaluation in AgencyEvaluation.objects.filter(case__request=request):
        evaluation.answers = {"front_door": {"what_happened": "The child ran away twice in May."}}
        evaluation.save()
    case = request.cases.get(reference="SG-001")
    attachment = Attachment(
        case=case, original_name="chronology.pdf", content_type="application/pdf", size=len(pdf_bytes())
    )
    attachment.file.save("chronology.pdf", ContentFile(pdf_bytes()))
    documents = list(DocumentReturn.objects.filter(request=request))
    documents[0].original_name, documents[0].content_type, documents[0].size = "plan.pdf", "application/pdf", 45
    documents[0].file.save("plan.pdf", ContentFile(b"%PDF-1.4 the partnership's plan %%EOF\n" + b"x" * 7))
    documents[1].missing_reason = "The child's school never wrote one."
    documents[1].save()
    CaseSample.objects.create(
        case=case,
        inspectorate=lead.inspector.inspectorate,
        answers={"front_door": "Seen by a social worker the same day."},
        evidence="Strategy meeting minutes about the child.",
        agreement="partly",
        agreement_reason="The child's voice is missing.",
        recorded_by=lead,
    )
    return notified


@pytest.fixture
def sent(notified, people, lead):
    """A sent request; the coordinator and a police contributor (no inspection contact) have accounts."""
    from inspections.case_audits import services
    from inspections.models import Agency
    from tests.factories import UserFactory

    from .helpers import access, request_with_cases

    request = request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    people.coordinator.user = coordinator = UserFactory(first_name="Cora", last_name="Coordinator")
    people.coordinator.save()
    contributor = UserFactory(username="paula", first_name="Paula", last_name="Price")
    police = Agency.objects.get(pk=people.police.agency_id)
    added = services.contributor_add(
        user=coordinator, access=access(coordinator, notified), agency=police, name="Paula P", email="paula@x.org"
    )
    added.person.user = contributor
    added.person.save()
    return {"inspection": notified, "request": request, "coordinator": coordinator, "contributor": contributor}
