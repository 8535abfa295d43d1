"""Steps of the case-audit journey, shared by the journey and page tests, and the files they upload."""

import io
import re
import zipfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.case_audits import services
from inspections.case_audits.access import access_for
from inspections.case_audits.models import CaseAuditRequest
from inspections.models import Agency
from tests.helpers import lead_of, london

NOTIFICATION = london(2016, 2, 22, 10, 0)  # on site Monday 7 March 2016; case audits due Friday 4 March, 5pm
LINK = re.compile(r"https?://\S+/inspections/invitations/(\w+)/")


def access(user, inspection):
    return access_for(user, inspection.reference)


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def full_answers(scopes, text="Seen within a day; the plan was followed.") -> dict:
    return {s.code: {"what_happened": text, "impact": text, "strengths": text, "improvements": text} for s in scopes}


def request_with_cases(lead, inspection, people, *, number=5) -> CaseAuditRequest:
    """The lead sets the number, describes the cohort and `number` cases (police and health in
    the first two, health alone in the rest)."""
    a = access(lead, inspection)
    services.request_save(user=lead, access=a, cases_number=number, cohort="Children missing from care.")
    police = Agency.objects.get(pk=people.police.agency_id)
    health = Agency.objects.get(pk=people.health.agency_id)
    for n in range(number):
        services.case_add(
            user=lead, access=a, reference=f"SG-{n + 1:03d}", agencies=[police, health] if n < 2 else [health]
        )
    return CaseAuditRequest.objects.get(inspection=inspection)


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


def publish(inspection, at=PUBLISHED):
    """Through the stages to published, at `at`: the day retention counts from."""
    import time_machine

    from inspections.services import inspection_transition

    lead = lead_of(inspection)
    with time_machine.travel(london(2016, 3, 7, 9, 0), tick=False):
        for name in ("start_fieldwork", "finish_fieldwork", "start_factual_accuracy"):
            inspection = inspection_transition(user=lead, inspection=inspection, name=name)
    with time_machine.travel(at, tick=False):
        return inspection_transition(user=None, inspection=inspection, name="publish")
