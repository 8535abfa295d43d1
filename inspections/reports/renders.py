"""PDFs of letters and thematic reports: asked for in a service's transaction, made by a worker.

The row is the source of truth (docs/decisions/0001). Asking writes a row (`LetterVersion`, or
a raised generation on `ThematicReport`) and queues a task after commit; the beat sweep queues
again whatever is still pending or whose worker's lease ran out. A worker claims the row with a
lease (`jtai/leases.py`), renders outside any transaction and records the file only while its
claim holds, so running a task twice, or two workers at once, stores one file for one request.
No web request ever renders a PDF.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from inspections.models import Inspection
from jtai.leases import lease_claim

from . import selectors
from .models import Letter, LetterVersion, RenderStatus, ThematicReport, VersionPurpose, private_storage

LETTER_TASK = "inspections.reports.tasks.render_letter_version"
THEMATIC_TASK = "inspections.reports.tasks.render_thematic_report"
LETTER_TEMPLATE = "reports/print/letter.html"
THEMATIC_TEMPLATE = "reports/print/thematic_report.html"

logger = logging.getLogger(__name__)


def _queue_after_commit(task_name: str, *args) -> None:
    from jtai.celery import app

    transaction.on_commit(lambda: app.signature(task_name, args=args).delay())


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
    version = LetterVersion.objects.create(
        letter=letter,
        number=number,
        purpose=purpose,
        content=selectors.composed_letter(letter.inspection),
        requested_by=user,
        request_key=request_key or uuid.uuid4(),
    )
    _queue_after_commit(LETTER_TASK, version.pk)
    return version


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=RenderStatus.PENDING) | Q(status=RenderStatus.RENDERING, lease_until__lte=now)


def _claim(queryset, lease_seconds: int):
    claim = lease_claim(
        queryset,
        claimable=_claimable,
        lease=datetime.timedelta(seconds=lease_seconds),
        until_field="lease_until",
        values={"status": RenderStatus.RENDERING, "attempts": F("attempts") + 1},
    )
    if claim is None:
        return None
    return claim


def _failed(model, pk: int, token, attempts: int, exc: Exception) -> None:
    logger.exception("PDF %s %s could not be made", model.__name__, pk)
    model.objects.filter(pk=pk, claim_token=token).update(
        status=RenderStatus.FAILED if attempts >= model.MAX_ATTEMPTS else RenderStatus.PENDING,
        claim_token=None,
        lease_until=None,
        last_error=f"{type(exc).__name__}: {exc}"[:1000],
    )


def letter_pdf_bytes(content: dict, *, number: int | None = None) -> bytes:
    from jtai.pdf import render_pdf

    return render_pdf(LETTER_TEMPLATE, {"letter": content, "number": number}, accessible=True)


def letter_version_render(*, version_id: int) -> bool:
    """Make a version's PDF if it is still to be made; True if this call stored it. Safe to run twice."""
    claim = _claim(LetterVersion.objects.filter(pk=version_id), LetterVersion.LEASE_SECONDS)
    if claim is None:
        return False
    version = LetterVersion.objects.select_related("letter__inspection").get(pk=version_id)
    try:
        content = letter_pdf_bytes(version.content, number=version.number)
    except Exception as exc:
        _failed(LetterVersion, version.pk, claim.token, version.attempts, exc)
        return False
    reference = version.letter.inspection.reference
    name = private_storage.save(
        f"reports/letters/{reference}-v{version.number}-{claim.token.hex[:8]}.pdf", ContentFile(content)
    )
    with transaction.atomic():
        updated = LetterVersion.objects.filter(pk=version.pk, claim_token=claim.token).update(
            status=RenderStatus.READY,
            file=name,
            checksum=hashlib.sha256(content).hexdigest(),
            size=len(content),
            rendered_at=timezone.now(),
            claim_token=None,
            lease_until=None,
            last_error="",
        )
        if not updated:
            # Another worker took the row over after our lease ran out: its file wins.
            transaction.on_commit(lambda: private_storage.delete(name))
            return False
    return True


def thematic_pdf_request(*, report: ThematicReport) -> None:
    """Ask for a fresh PDF of a published thematic report; call inside the changing transaction."""
    # Bookkeeping of the worker's job, not a change anyone made: written without a history row.
    update = {"generation": F("generation") + 1, "attempts": 0, "last_error": ""}
    ThematicReport.objects.filter(pk=report.pk).update(**update)
    # A render already under way keeps its claim; it sees the new generation when it records.
    ThematicReport.objects.filter(pk=report.pk).exclude(status=RenderStatus.RENDERING).update(
        status=RenderStatus.PENDING
    )
    report.refresh_from_db()
    _queue_after_commit(THEMATIC_TASK, report.pk)


def thematic_pdf_bytes(report: ThematicReport) -> bytes:
    from jtai.pdf import render_pdf

    context = selectors.thematic_context(theme=report.theme, report=report, links=False)
    return render_pdf(THEMATIC_TEMPLATE, context, accessible=True)


def thematic_pdf_render(*, report_id: int) -> bool:
    claim = _claim(
        ThematicReport.objects.filter(pk=report_id, published_at__isnull=False), ThematicReport.LEASE_SECONDS
    )
    if claim is None:
        return False
    report = ThematicReport.objects.select_related("theme").get(pk=report_id)
    generation = report.generation
    try:
        content = thematic_pdf_bytes(report)
    except Exception as exc:
        _failed(ThematicReport, report.pk, claim.token, report.attempts, exc)
        return False
    name = private_storage.save(
        f"reports/thematic/{report.theme.slug}-{generation}-{claim.token.hex[:8]}.pdf", ContentFile(content)
    )
    with transaction.atomic():
        current = ThematicReport.objects.select_for_update().filter(pk=report.pk, claim_token=claim.token).first()
        if current is None:
            transaction.on_commit(lambda: private_storage.delete(name))
            return False
        old = current.file.name if current.file else ""
        ThematicReport.objects.filter(pk=report.pk).update(
            file=name,
            file_generation=generation,
            checksum=hashlib.sha256(content).hexdigest(),
            size=len(content),
            rendered_at=timezone.now(),
            claim_token=None,
            lease_until=None,
            status=RenderStatus.READY if current.generation == generation else RenderStatus.PENDING,
        )
        if old and old != name:
            transaction.on_commit(lambda: private_storage.delete(old))
        if current.generation != generation:
            _queue_after_commit(THEMATIC_TASK, report.pk)
            return False
    return True


def due_render_work() -> tuple[list[int], list[int]]:
    """Versions and thematic reports waiting for a worker, for the beat sweep."""
    now = timezone.now()
    versions = list(LetterVersion.objects.filter(_claimable(now)).values_list("pk", flat=True)[:100])
    reports = list(
        ThematicReport.objects.filter(_claimable(now), published_at__isnull=False).values_list("pk", flat=True)[:100]
    )
    return versions, reports


def current_letter_content(inspection: Inspection) -> dict | None:
    """What `render_letter` prints: the final letter once there is one, else the letter as it
    stands; None when the inspection has no letter yet."""
    letter = selectors.letter_of(inspection)
    if letter is None:
        return None
    if letter.is_final:
        final = selectors.latest_version(letter, purpose=VersionPurpose.FINAL)
        if final is not None:
            return final.content
    return selectors.composed_letter(inspection)
