"""The pure checks: what looks like a child's name with a date of birth, and what a file is by
its content."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.case_audits.personal_data import name_and_birth_date
from jtai.errors import DomainError
from jtai.uploads import DOCX, ODT, PDF, upload_check

from .conftest import docx_bytes, exe_bytes, odt_bytes, pdf_bytes, plain_zip_bytes


@pytest.mark.parametrize(
    "text",
    [
        "Jane Smith, born 12/03/2009, was referred",
        "Referral about Mary-Ann O'Neil (DOB 1 March 2009)",
        "Tom Jones 2009-03-01",
        "Seen with Ali Khan on March 12, 2009",
    ],
)
def test_a_name_with_a_date_warns(text):
    assert name_and_birth_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "Referred on 12/03/2016 by the school; a strategy discussion followed.",
        "Jane Smith's case was well handled.",  # a name but no date
        "The Police and Children's Services met on 3 March 2016.",
        "",
    ],
)
def test_ordinary_text_does_not_warn(text):
    assert not name_and_birth_date(text)


@pytest.mark.parametrize(
    ("content", "expected"), [(pdf_bytes(), PDF), (docx_bytes(), DOCX), (odt_bytes(), ODT)], ids=["pdf", "docx", "odt"]
)
def test_pdf_docx_and_odt_are_told_apart_by_content(content, expected):
    assert upload_check(SimpleUploadedFile("whatever.bin", content)).content_type == expected


@pytest.mark.parametrize(
    "content",
    [exe_bytes(), plain_zip_bytes(), b"plain text", b"PK\x03\x04broken zip"],
    ids=["exe", "zip", "text", "bad"],
)
def test_anything_else_is_refused(content):
    with pytest.raises(DomainError) as error:
        upload_check(SimpleUploadedFile("report.pdf", content))
    assert (error.value.field, error.value.message) == ("file", "The selected file must be a PDF, DOCX or ODT document")


def test_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError, match="smaller than"):
        upload_check(SimpleUploadedFile("a.pdf", pdf_bytes()))
