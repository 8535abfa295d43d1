"""PDFs of letters and thematic reports: asked for in a service's transaction, made by a worker.

Asking writes a row (`LetterVersion`, `ThematicEdition`) and queues a task after commit; how a
worker makes the PDF, once, is the one job in `jtai/pdf_jobs.py`.
No web request ever renders a PDF.
"""

from __future__ import annotations

import datetime
import uuid

from django.db.models import Max
from django.utils import timezone

from inspections.calendar import govuk_date
from inspections.models import Inspection
from jtai.pdf_jobs import PdfJob

from . import selectors
from .models import Letter, LetterVersion, ThematicEdition, ThematicReport, VersionPurpose

LETTER_TASK = "inspections.reports.tasks.render_letter_version"
THEMATIC_TASK = "inspections.reports.tasks.render_thematic_report"
LETTER_TEMPLATE = "reports/print/letter.html"
THEMATIC_TEMPLATE = "reports/print/thematic_report.html"


def letter_version_freeze(*, letter: Letter, number: int, purpose: str, user, **recorded) -> LetterVersion:
    """The letter as it is composed now, kept as version `number`; its PDF is still to be made.
    `recorded`: more of the version's own fields (its request key, when it was asked for)."""
    return LetterVersion.objects.create(
        letter=letter,
        number=number,
        purpose=purpose,
        content=selectors.composed_letter(letter.inspection),
        requested_by=user,
        **recorded,
    )


def letter_version_request(
    *, letter: Letter, user, purpose: str = VersionPurpose.DRAFT, request_key: uuid.UUID | None = None
) -> LetterVersion:
    """Freeze the letter as it is composed now as the next version, and ask a worker for its PDF.

    Call inside the caller's transaction. The same `request_key` twice returns the first version."""
    if request_key is not None:
        existing = LetterVersion.objects.filter(request_key=request_key, letter=letter).first()
        if existing is not None:
            return existing
    Letter.objects.select_for_update().filter(pk=letter.pk).first()
    number = (letter.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = letter_version_freeze(
        letter=letter, number=number, purpose=purpose, user=user, request_key=request_key or uuid.uuid4()
    )
    LETTER_PDF.queue(version)
    return version


def letter_pdf_bytes(content: dict, *, number: int | None = None, draft_on: datetime.date | None = None) -> bytes:
    """The letter's PDF. The version `number` goes into the document's metadata, never onto its
    pages; a draft (`draft_on`, the day it was made) is marked as one on every page."""
    # WeasyPrint loads in the worker that renders, not in every web process.
    from jtai.pdf import render_pdf

    context = {"letter": content, "number": number, "draft_on": govuk_date(draft_on, weekday=False) if draft_on else ""}
    return render_pdf(LETTER_TEMPLATE, context, accessible=True)


def _draft_day(version: LetterVersion) -> datetime.date | None:
    if version.purpose == VersionPurpose.FINAL:
        return None
    return timezone.localdate(version.requested_at)


def letter_version_render(*, version_id: int) -> bool:
    """Make a version's PDF if it is still to be made; True if this call stored it. Safe to run twice."""
    return LETTER_PDF.run(LetterVersion.objects.filter(pk=version_id))


def thematic_pdf_bytes(*, theme, report: ThematicReport | None, edition: ThematicEdition | None = None) -> bytes:
    """The PDF of a published edition, or (no edition) of the report as its authors are writing it."""
    context = selectors.thematic_context(theme=theme, report=report, edition=edition, links=False)
    # WeasyPrint loads in the worker that renders, not in every web process.
    from jtai.pdf import render_pdf

    return render_pdf(THEMATIC_TEMPLATE, context, accessible=True)


def thematic_pdf_render(*, edition_id: int) -> bool:
    """Make an edition's PDF if it is still to be made; True if this call stored it. Safe to run twice."""
    return THEMATIC_PDF.run(ThematicEdition.objects.filter(pk=edition_id))


def due_render_work() -> tuple[list[int], list[int]]:
    """Versions and thematic report editions waiting for a worker, for the beat sweep."""
    return LETTER_PDF.due(LetterVersion.objects.all()), THEMATIC_PDF.due(ThematicEdition.objects.all())


LETTER_PDF = PdfJob(
    model=LetterVersion,
    task_name=LETTER_TASK,
    # Looked up when called, so a test can replace `letter_pdf_bytes`.
    make=lambda version: letter_pdf_bytes(version.content, number=version.number, draft_on=_draft_day(version)),
    file_name=lambda version, _generation, claim: (
        f"reports/letters/{version.letter.inspection.reference}-v{version.number}-{claim}.pdf"
    ),
    related=("letter__inspection",),
)

THEMATIC_PDF = PdfJob(
    model=ThematicEdition,
    task_name=THEMATIC_TASK,
    make=lambda edition: thematic_pdf_bytes(theme=edition.theme, report=edition.report, edition=edition),
    file_name=lambda edition, _generation, claim: (
        f"reports/thematic/{edition.theme.slug}-edition-{edition.number}-{claim}.pdf"
    ),
    related=("report__theme",),
)


def final_letter_version(inspection: Inspection) -> LetterVersion | None:
    """What `render_letter` prints by default: the final letter, once there is one."""
    letter = selectors.letter_of(inspection)
    if letter is None or not letter.is_final:
        return None
    return selectors.latest_version(letter, purpose=VersionPurpose.FINAL)
