"""What a file people upload may be (a case-audit attachment or document, a written statement of
action): PDF, DOCX or ODT, up to the size limit, by its content and never by its name. The one
module that uses the `filetype` library."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from jtai.errors import DomainError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ALLOWED = (PDF, DOCX, ODT)
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def max_label() -> str:
    limit = max_bytes()
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class SizeLimitHandler(FileUploadHandler):
    """First of an upload's handlers: stops reading a file as soon as it passes the
    limit, so an oversized one is never kept whole, in memory or on disk, and marks the request
    (`upload_too_big`) for the view to say so. The rest of the body is read and dropped."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@dataclass(frozen=True)
class Checked:
    content_type: str
    original_name: str
    size: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _zip_kind(upload: UploadedFile) -> str | None:
    """DOCX or ODT by what the container holds; None for any other zip (or a broken one)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT if "content.xml" in names else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                types = archive.read("[Content_Types].xml")
                if b"wordprocessingml.document.main+xml" in types:
                    return DOCX
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def upload_check(upload: UploadedFile | None, *, field: str = "file") -> Checked:
    """The file's checked type, or DomainError naming `field`. Reads only the first bytes, and the
    zip directory for DOCX and ODT; the size comes from the upload handler."""
    if upload is None:
        raise DomainError(field, "Choose a file")
    if upload.size == 0:
        raise DomainError(field, "The selected file is empty")
    if upload.size > max_bytes():
        raise DomainError(field, f"The selected file must be smaller than {max_label()}")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == PDF:
        content_type = PDF
    elif mime in (DOCX, ODT, "application/zip"):
        content_type = _zip_kind(upload)
    else:
        content_type = None
    if content_type is None:
        raise DomainError(field, "The selected file must be a PDF, DOCX or ODT document")
    name = (upload.name or "document").rsplit("/", 1)[-1][:200]
    return Checked(content_type=content_type, original_name=name, size=upload.size)
