"""Checking an uploaded document before it is kept: a PDF, Word (DOCX) or OpenDocument text
(ODT) file of at most 10 MB, its type read from its content, never from its name alone.

The case-audits app checks its uploads the same way; the two merge into one module at merge."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile

from jtai.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int


def _zip_kind(upload: UploadedFile) -> str | None:
    """DOCX and ODT are zip containers: which one, by what is inside."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        upload.seek(0)
    return None


def document_check(upload: UploadedFile | None, *, field: str = "document") -> CheckedUpload:
    if upload is None:
        raise DomainError(field, "Choose a file to upload.")
    if upload.size == 0:
        raise DomainError(field, "The selected file is empty.")
    if upload.size > MAX_BYTES:
        raise DomainError(field, "The selected file must be smaller than 10 MB.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    kind = None
    if guessed is not None and guessed.mime == PDF:
        kind = PDF
    elif guessed is not None and guessed.mime in ("application/zip", DOCX, ODT):
        kind = _zip_kind(upload)
    if kind is None:
        raise DomainError(field, "The selected file must be a PDF, a Word document (DOCX) or an ODT document.")
    return CheckedUpload(content_type=kind, extension=EXTENSIONS[kind], size=upload.size)
