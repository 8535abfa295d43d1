"""Retention: a set number of calendar months (`CASE_AUDITS_RETENTION_MONTHS`) after an
inspection's letter is published, the free text about children in its case audits and every
uploaded file are erased — the agencies' evaluations, the inspectors' joint sampling notes, the
reasons given on the return and for reopening it, the attachments and returned documents, and the
copies of all of them that the history keeps (otherwise the erasure would be for show). An
`ErasureRecord` says that the material existed, how much of it, and when and by whom it went.

Publication is the stage change to published (the letter's publication moves the inspection
there, `reports.publication`), read here from the core so that this app need not import reports.
Unpublished inspections are never erased; a second run erases nothing more.

Apps built on case audits that keep material of their own under the same rule (the evidence of
the week on site) register an eraser with `erasure_register`: it runs in the same transaction,
after the case audits' own, and says how many texts and history copies it erased.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from inspections.calendar import add_months
from inspections.models import Inspection, Stage, StageChange
from jtai.registries import register_once

from .models import (
    AgencyEvaluation,
    Attachment,
    AuditCase,
    CaseAuditRequest,
    CaseSample,
    DocumentReturn,
    ErasureRecord,
    ReopenRequest,
    private_storage,
)

logger = logging.getLogger(__name__)

SAMPLE_TEXT = {"answers": {}, "evidence": "", "agreement_reason": ""}
REOPEN_TEXT = {"reason": "", "decision_note": ""}


@dataclass(frozen=True)
class Material:
    """What an inspection's case audits hold that the erasure removes."""

    inspection: Inspection
    published_on: datetime.date
    due_on: datetime.date
    cases: int
    texts: int
    files: int
    bytes: int


# eraser(inspection=...) -> (texts erased, history copies erased)
Eraser = Callable[..., tuple[int, int]]
_erasers: list[Eraser] = []


def erasure_register(eraser: Eraser) -> Eraser:
    """Erase `eraser`'s material with the case-audit material. Registering twice is harmless."""
    return register_once(_erasers, eraser)


def retention_months() -> int:
    return settings.CASE_AUDITS_RETENTION_MONTHS


def erasure_due_on(published_on: datetime.date) -> datetime.date:
    # Calendar months: published on 31 January, kept for one month, is erased on 29 February.
    return add_months(published_on, retention_months())


def _published() -> dict[int, datetime.date]:
    """Published inspections not yet erased, and the day each was published. One with no case
    audits is among them: the material of the week on site (registered erasers) goes all the same."""
    rows = (
        StageChange.objects.filter(
            to_stage=Stage.PUBLISHED,
            inspection__stage=Stage.PUBLISHED,
            inspection__case_audit_erasure__isnull=True,
        )
        .values("inspection_id")
        .annotate(at=Max("at"))
    )
    return {row["inspection_id"]: timezone.localdate(row["at"]) for row in rows}


def _texts(inspection_id: int) -> tuple[Q, Q, Q, Q]:
    """The rows of one inspection holding free text, per model."""
    evaluations = Q(case__request__inspection_id=inspection_id) & ~Q(answers={})
    samples = Q(case__request__inspection_id=inspection_id) & (
        ~Q(answers={}) | ~Q(evidence="") | ~Q(agreement_reason="")
    )
    documents = Q(request__inspection_id=inspection_id) & ~Q(missing_reason="")
    reopenings = Q(request__inspection_id=inspection_id) & (~Q(reason="") | ~Q(decision_note=""))
    return evaluations, samples, documents, reopenings


def material_of(inspection: Inspection, published_on: datetime.date) -> Material:
    evaluations, samples, documents, reopenings = _texts(inspection.pk)
    attachments = Attachment.objects.filter(case__request__inspection_id=inspection.pk).exclude(file="")
    returned = DocumentReturn.objects.filter(request__inspection_id=inspection.pk).exclude(file="")
    return Material(
        inspection=inspection,
        published_on=published_on,
        due_on=erasure_due_on(published_on),
        cases=AuditCase.objects.filter(request__inspection_id=inspection.pk).count(),
        texts=AgencyEvaluation.objects.filter(evaluations).count()
        + CaseSample.objects.filter(samples).count()
        + DocumentReturn.objects.filter(documents).count()
        + ReopenRequest.objects.filter(reopenings).count(),
        files=attachments.count() + returned.count(),
        bytes=sum(qs.aggregate(total=Sum("size"))["total"] or 0 for qs in (attachments, returned)),
    )


def erasure_due(*, today: datetime.date | None = None) -> list[Material]:
    """The inspections whose case-audit material is due for erasure today, oldest publication first."""
    today = today or timezone.localdate()
    published = {pk: day for pk, day in _published().items() if erasure_due_on(day) <= today}
    inspections = Inspection.objects.in_bulk(list(published))
    return sorted(
        (material_of(inspections[pk], day) for pk, day in published.items()),
        key=lambda m: (m.published_on, m.inspection.reference),
    )


@transaction.atomic
def case_material_erase(
    *, inspection: Inspection, user=None, today: datetime.date | None = None
) -> ErasureRecord | None:
    """Erase one inspection's case-audit material if it is due, and record that it was; None when
    it is not due (unpublished, within its retention period, or erased already). `user` is None
    for the daily task."""
    today = today or timezone.localdate()
    # Lock the inspection: two runs at once erase and record it once.
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    published_on = _published().get(inspection.pk)
    if published_on is None or erasure_due_on(published_on) > today:
        return None
    material = material_of(inspection, published_on)
    request_ids = list(
        CaseAuditRequest.history.filter(inspection_id=inspection.pk).values_list("id", flat=True).distinct()
    )
    case_ids = list(AuditCase.history.filter(request_id__in=request_ids).values_list("id", flat=True).distinct())
    request_filter = {"request__inspection_id": inspection.pk}
    attachments = Attachment.objects.filter(case__request__inspection_id=inspection.pk)
    files = [
        *attachments.exclude(file="").values_list("file", flat=True),
        *DocumentReturn.objects.filter(**request_filter).exclude(file="").values_list("file", flat=True),
    ]
    # The rows themselves: update() writes no new history row, which would keep another copy.
    AgencyEvaluation.objects.filter(case__request__inspection_id=inspection.pk).update(answers={})
    CaseSample.objects.filter(case__request__inspection_id=inspection.pk).update(**SAMPLE_TEXT)
    DocumentReturn.objects.filter(**request_filter).update(missing_reason="", file="")
    ReopenRequest.objects.filter(**request_filter).update(**REOPEN_TEXT)
    attachments.delete()
    # The copies the history keeps, the deletions just recorded included.
    history_rows = (
        AgencyEvaluation.history.filter(case_id__in=case_ids).exclude(answers={}).update(answers={})
        + CaseSample.history.filter(case_id__in=case_ids).update(**SAMPLE_TEXT)
        + Attachment.history.filter(case_id__in=case_ids).exclude(file="").update(file="")
        + DocumentReturn.history.filter(request_id__in=request_ids).update(missing_reason="", file="")
        + ReopenRequest.history.filter(request_id__in=request_ids).update(**REOPEN_TEXT)
    )
    texts = material.texts
    for eraser in _erasers:
        erased, copies = eraser(inspection=inspection)
        texts, history_rows = texts + erased, history_rows + copies
    record = ErasureRecord.objects.create(
        inspection=inspection,
        published_on=published_on,
        erased_by=user,
        cases=material.cases,
        texts=texts,
        files=material.files,
        bytes=material.bytes,
        history_rows=history_rows,
    )
    # Files last, once everything else has gone through: a failure before here leaves them and
    # the text for the next run; deleting a file already gone is harmless.
    storage = private_storage()
    for name in files:
        storage.delete(name)
    logger.info("Erased the case-audit material of %s: %s", inspection.reference, record.summary)
    return record


def case_material_erase_due(*, user=None, today: datetime.date | None = None) -> list[ErasureRecord]:
    """Erase every inspection's case-audit material that is due: the daily task and the command."""
    records = []
    for material in erasure_due(today=today):
        record = case_material_erase(inspection=material.inspection, user=user, today=today)
        if record is not None:
            records.append(record)
    return records
