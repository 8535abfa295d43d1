"""What a file people upload may be, and how large. Every page that takes a file goes through this
module: `limited_uploads` on the view stops reading a file past its limit, and `upload_check`
(documents: PDF, DOCX or ODT, by their content and never by their name) or `size_check` (any other
file, such as a consultation's CSV of responses) refuses it with a message naming the field. The
limits come from settings. The one module that uses the `filetype` library."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import wraps

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import models
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from jtai.errors import DomainError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ALLOWED = (PDF, DOCX, ODT)
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}


class KeptUpload(models.Model):
    """A document kept as it was uploaded: a model declares, in its own order and with its own
    options, `file`, `original_name`, `content_type` (checked by `upload_check`), `size`,
    `uploaded_by` and `uploaded_at`. It is named by its original name, and listed as uploaded."""

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        """ ".pdf", ".docx" or ".odt" for its checked type; blank for any other."""
        return f".{EXTENSIONS[self.content_type]}" if self.content_type in EXTENSIONS else ""


@dataclass(frozen=True)
class Limit:
    """The largest file a kind of upload may be: the setting that holds it, in bytes."""

    setting: str

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.setting)

    @property
    def label(self) -> str:
        limit = self.max_bytes
        return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"

    @property
    def message(self) -> str:
        return f"The selected file must be smaller than {self.label}"


# Case-audit attachments and documents, written statements of action.
DOCUMENT = Limit("UPLOAD_MAX_BYTES")
# A consultation's responses, as CSV.
RESPONSES = Limit("CONSULTATION_UPLOAD_MAX_BYTES")
# A file of area indicators, as CSV.
AREA_INDICATORS = Limit("AREA_INDICATORS_UPLOAD_MAX_BYTES")
# What a form around the file may add to a request's declared length.
FORM_ALLOWANCE = 64 * 1024


class SizeLimitHandler(FileUploadHandler):
    """First of an upload's handlers: stops reading a file as soon as it passes the
    limit, so an oversized one is never kept whole, in memory or on disk, and marks the request
    (`upload_too_big`) for the view to say so. The rest of the body is read and dropped."""

    def __init__(self, request=None, limit: Limit = DOCUMENT):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit.max_bytes:
            self.request.upload_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _declared_too_big(request, limit: Limit) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit.max_bytes + FORM_ALLOWANCE
    except ValueError:
        return False


def limited_uploads(view=None, *, limit: Limit = DOCUMENT):
    """For a page that takes a file (`@limited_uploads`, or `@limited_uploads(limit=RESPONSES)`).
    A body declared too long is never read: the view only says so and saves nothing, so it needs
    no CSRF check (which would read the body). Otherwise the size limit's handler goes first, then
    the CSRF check reads the body through it, as Django's documentation on changing upload handlers
    asks. The view asks `too_big(request)` before it reads the files."""

    def decorate(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_limit = limit
            if request.method != "POST":
                return protected(request, *args, **kwargs)
            if _declared_too_big(request, limit):
                return view(request, *args, **kwargs)
            request.upload_handlers.insert(0, SizeLimitHandler(request, limit))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def too_big(request) -> bool:
    """Whether a POST to a `limited_uploads` view carries a file past the limit: by its declared
    length, or as the size limit's handler found while reading the body."""
    limit = getattr(request, "upload_limit", DOCUMENT)
    if request.method != "POST":
        return False
    if _declared_too_big(request, limit):
        return True
    request.FILES  # noqa: B018 (reads the body, through the size limit's handler)
    return getattr(request, "upload_too_big", False)


def refused(form_class, request, *, field: str = "file", **kwargs):
    """A form saying the file is too big, made without touching the request's files."""
    form = form_class(data={}, **kwargs)
    form.full_clean()
    form.add_error(field, getattr(request, "upload_limit", DOCUMENT).message)
    return form


def size_check(upload: UploadedFile | None, *, limit: Limit = DOCUMENT, field: str = "file") -> UploadedFile:
    """The upload, or DomainError naming `field` when there is none, it is empty or past `limit`."""
    if upload is None:
        raise DomainError(field, "Choose a file")
    if upload.size == 0:
        raise DomainError(field, "The selected file is empty")
    if upload.size > limit.max_bytes:
        raise DomainError(field, limit.message)
    return upload


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
    size_check(upload, field=field)
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
