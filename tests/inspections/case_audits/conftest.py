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
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


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
