"""Case audits start from a notified inspection: planned through the planning service (which
records the DCS, coordinator and agency leaders), then told at the notification time."""

import io
import re
import zipfile

import pytest
from django.core import mail

from inspections.models import Stage
from inspections.notifications.dispatch import notifications_dispatch
from tests.helpers import london

NOTIFICATION = london(2016, 2, 22, 10, 0)  # on site Monday 7 March 2016; case audits due Friday 4 March, 5pm
LINK = re.compile(r"https?://\S+/inspections/invitations/(\w+)/")


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
def lead_user(planned_inspection):
    return planned_inspection.team.get(is_lead=True).inspector.user


def invitation_token(address: str) -> str | None:
    """The sign-up token in the latest e-mail to `address` that carries one."""
    for message in reversed(mail.outbox):
        if any(address in to for to in message.to):
            found = LINK.search(message.body)
            if found:
                return found.group(1)
    return None


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def exe_bytes() -> bytes:
    # The start of a Windows executable: "MZ", then the PE header offset, then "PE\0\0".
    header = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    header += b"\x00" * (0x3C - len(header))
    header += (0x80).to_bytes(4, "little")
    header += b"\x00" * (0x80 - len(header)) + b"PE\x00\x00" + b"\x00" * 200
    return bytes(header)


PUBLISHED = london(2016, 5, 10, 10, 0)


@pytest.fixture
def material(notified, people, lead_user, clock):
    """A notified inspection's case audits with free text about children in every place it can
    be, two files on disk, and the history copies of all of it. Not published."""
    from django.core.files.base import ContentFile

    from inspections.case_audits import services
    from inspections.case_audits.models import AgencyEvaluation, Attachment, CaseSample, DocumentReturn

    from .helpers import access, request_with_cases

    request = request_with_cases(lead_user, notified, people)
    services.request_send(user=lead_user, access=access(lead_user, notified))
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
        inspectorate=lead_user.inspector.inspectorate,
        answers={"front_door": "Seen by a social worker the same day."},
        evidence="Strategy meeting minutes about the child.",
        agreement="partly",
        agreement_reason="The child's voice is missing.",
        recorded_by=lead_user,
    )
    return notified


def publish(inspection, at=PUBLISHED):
    """Through the stages to published, at `at`: the day retention counts from."""
    import time_machine

    from inspections.services import inspection_transition

    lead = inspection.team.get(is_lead=True).inspector.user
    with time_machine.travel(london(2016, 3, 7, 9, 0), tick=False):
        for name in ("start_fieldwork", "finish_fieldwork", "start_factual_accuracy"):
            inspection = inspection_transition(user=lead, inspection=inspection, name=name)
    with time_machine.travel(at, tick=False):
        return inspection_transition(user=None, inspection=inspection, name="publish")
