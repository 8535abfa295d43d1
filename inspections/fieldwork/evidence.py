"""Recording evidence: the one service the no-JavaScript form and the sync interface both call.

A record is made once under its id (the browser's UUID, or one the server makes): making it again
with an id already stored changes nothing and says so. It is amended, never overwritten: an
amendment keeps who made it and when, and the history keeps every version.
"""

from __future__ import annotations

import datetime
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from inspections import permissions
from inspections.case_audits import personal_data
from inspections.models import Inspection
from jtai.errors import DomainError, required_choice, required_text

from . import access
from .models import AgeBand, EvidenceKind, EvidenceRecord, Medium, Weight
from .selectors import Options, options_for

TEXT_LIMIT = 5000
# A browser's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class RecordData:
    """A record as the form or the sync interface sends it: agencies by id, scope areas by code,
    the case sample by id (see `sync` for the JSON names)."""

    kind: str
    occurred_at: datetime.datetime | None
    weight: str
    text: str
    agencies: tuple[int, ...] = ()
    scope_areas: tuple[str, ...] = ()
    age_band: str = ""
    medium: str = ""
    consent_given: bool = False
    case_sample: int | None = None
    # Set by "Save anyway" after the personal-data warning.
    confirmed: bool = False


@dataclass(frozen=True)
class Checked:
    values: dict
    agencies: list
    scope_areas: list


def _check(data: RecordData, options: Options) -> Checked:
    """The record's values, or the first DomainError naming the field that is wrong."""
    required_choice("kind", data.kind, EvidenceKind, "Choose what kind of evidence this is")
    if data.occurred_at is None:
        raise DomainError("occurred_at", "Enter when it happened")
    if timezone.is_naive(data.occurred_at):
        raise DomainError("occurred_at", "Enter when it happened, with its time zone")
    if data.occurred_at > timezone.now() + CLOCK_SKEW:
        raise DomainError("occurred_at", "When it happened must be in the past")
    unknown = [a for a in data.agencies if a not in options.agencies]
    if unknown:
        raise DomainError("agencies", "Choose agencies of the area taking part in this inspection")
    if not data.scope_areas:
        raise DomainError("scope_areas", "Choose at least one part of the scope the evidence bears on")
    if any(code not in options.scope_areas for code in data.scope_areas):
        raise DomainError("scope_areas", "Choose parts of the inspection's scope")
    required_choice(
        "weight", data.weight, Weight, "Choose whether this is a strength, an area for improvement or context"
    )
    text = required_text("text", data.text, "Enter what you saw, heard or read")
    if len(text) > TEXT_LIMIT:
        raise DomainError("text", f"The text must be {TEXT_LIMIT:,} characters or fewer")
    values = {"kind": data.kind, "occurred_at": data.occurred_at, "weight": data.weight, "text": text}
    if data.kind in EvidenceKind.voices():
        required_choice("age_band", data.age_band, AgeBand, "Choose the age band of the child or young person")
        required_choice("medium", data.medium, Medium, "Choose how the conversation took place")
        if not data.consent_given:
            raise DomainError("consent_given", "Record a conversation only when consent was given, and confirm it")
        values.update(age_band=data.age_band, medium=data.medium, consent_given=True)
    else:
        values.update(age_band="", medium="", consent_given=False)
    if data.kind == EvidenceKind.CASE_SAMPLING:
        sample = options.case_samples.get(data.case_sample) if data.case_sample is not None else None
        if sample is None:
            raise DomainError("case_sample", "Choose one of this inspection's joint samples of an audited case")
        values["case_sample"] = sample
    else:
        values["case_sample"] = None
    personal_data.warn(data.confirmed, {"text": text})
    return Checked(
        values=values,
        agencies=[options.agencies[a] for a in dict.fromkeys(data.agencies)],
        scope_areas=[options.scope_areas[c] for c in dict.fromkeys(data.scope_areas)],
    )


def _refuse_unless_writer(user, inspection: Inspection) -> None:
    refusal = access.write_refusal(user, inspection)
    if refusal:
        raise DomainError("__all__", refusal)


@dataclass(frozen=True)
class Recorded:
    record: EvidenceRecord
    created: bool


@transaction.atomic
def evidence_record_create(
    *,
    user,
    inspection: Inspection,
    data: RecordData,
    record_id: uuid.UUID | None = None,
    options: Options | None = None,
) -> Recorded:
    """Record evidence for the inspection as `user`, a member of its team, under `record_id` (made
    here when None). A record already stored under that id by the same author is left as it is
    (`created` False): the same record sent twice is stored once."""
    _refuse_unless_writer(user, inspection)
    record_id = uuid.UUID(str(record_id)) if record_id else uuid.uuid4()
    existing = EvidenceRecord.objects.filter(pk=record_id).values_list("inspection_id", "author_id").first()
    if existing is not None:
        if existing != (inspection.pk, user.pk):
            raise DomainError("id", "Another record already has this id.")
        return Recorded(record=EvidenceRecord.objects.get(pk=record_id), created=False)
    checked = _check(data, options or options_for(inspection))
    record = EvidenceRecord(
        id=record_id,
        inspection=inspection,
        author=user,
        inspectorate=permissions.inspector_for(user).inspectorate,
        **checked.values,
    )
    with _one_history_row(record, user, created=True):
        record.save(force_insert=True)
        # A new record has no relations yet: the rows are written as they are, with no look-up first.
        Agencies, ScopeAreas = EvidenceRecord.agencies.through, EvidenceRecord.scope_areas.through
        Agencies.objects.bulk_create(Agencies(evidencerecord=record, agency=a) for a in checked.agencies)
        ScopeAreas.objects.bulk_create(ScopeAreas(evidencerecord=record, scopearea=s) for s in checked.scope_areas)
    return Recorded(record=record, created=True)


def may_amend(user, record: EvidenceRecord) -> bool:
    """Its author or the lead inspector, while they may record evidence for the inspection."""
    if not access.may_write(user, record.inspection):
        return False
    return record.author_id == user.pk or permissions.is_lead(user, record.inspection)


@transaction.atomic
def evidence_record_amend(*, user, record: EvidenceRecord, data: RecordData) -> EvidenceRecord:
    """Amend a record: the new version is kept beside the old ones, with who amended it and when."""
    record = EvidenceRecord.objects.select_for_update().select_related("inspection").get(pk=record.pk)
    _refuse_unless_writer(user, record.inspection)
    if not may_amend(user, record):
        raise DomainError("__all__", "Only the record's author or the lead inspector can amend it.")
    checked = _check(data, options_for(record.inspection))
    for name, value in checked.values.items():
        setattr(record, name, value)
    record.amended_at, record.amended_by = timezone.now(), user
    with _one_history_row(record, user, created=False):
        record.save()
        record.agencies.set(checked.agencies)
        record.scope_areas.set(checked.scope_areas)
    return record


@contextmanager
def _one_history_row(record: EvidenceRecord, user, *, created: bool):
    """One version in the history for a record saved with its agencies and scope areas, not one for
    the row and one more for each relation set: the history keeps the record as it was saved whole."""
    record._history_user = user
    record.skip_history_when_saving = True
    try:
        yield
    finally:
        del record.skip_history_when_saving
    # The history library writes its version (with the relations as they now are) on this signal.
    post_save.send(sender=EvidenceRecord, instance=record, created=created, raw=False, using="default")
