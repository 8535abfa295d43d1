"""The sync interface: records kept in the browser while offline, sent when the connection returns.

    POST /inspections/<reference>/fieldwork/sync/          (URL name "fieldwork:sync")
    Content-Type: application/json
    X-CSRFToken: <the session's CSRF token>

    {"records": [{
        "id": "<a UUID the browser made>",
        "kind": "case_sampling" | "meeting" | "observation" | "child" | "family" | "document",
        "occurred_at": "2016-03-08T14:30:00+00:00",  ISO 8601; without an offset, London time
        "agencies": [12, 15],                          agency ids (the form's `agencies` values)
        "scope_areas": ["front-door", "deep-dive"],    scope area codes (the form's `scope_areas` values)
        "weight": "strength" | "improvement" | "context",
        "text": "...",
        "age_band": "0_4" | "5_10" | "11_15" | "16_17" | "18_25",   child and family kinds only
        "medium": "in_person" | "phone" | "group" | "advocate",     child and family kinds only
        "consent_given": true,                                       child and family kinds only
        "case_sample": 7,                              case sampling only: a joint sample's id
        "personal_data_confirmed": false               true: save text the personal-data check warns of
    }, ...]}

It answers 200 with

    {"stored": [ids], "already": [ids], "refused": [{"id": ..., "reason": "..."}]}

- `stored`: made now; `already`: stored before under that id (the same record sent twice is
  stored once, in the same batch or another); `refused`: not stored, with the reason to show the
  inspector, word for word (the inspection closed, the author taken off the team, a field wrong:
  "agencies: Choose agencies of the area taking part in this inspection"). A refused record is not
  stored at all; the browser keeps it.
- Each record is stored or refused on its own: one refusal does not undo the others.
- 400 `{"error": "..."}`: the body is not the JSON above (nothing stored). 401 `{"error":
  "signed_out"}`: no session (sign in again, then send). 403: the CSRF token is missing or wrong.
  404: the inspection is not this user's (nothing stored).

The form pages (`fieldwork:records`, `fieldwork:record_new`) post the same names as the form
fields, and both call `evidence.evidence_record_create`. The pages embed the choices with these
keys (`data-agency-id`, `data-scope-area-code`, `data-case-sample-id` on the form's inputs).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from inspections.models import Inspection
from jtai.errors import DomainError

from . import access
from .evidence import RecordData, evidence_record_create
from .selectors import options_for

BATCH_LIMIT = 200


class SyncError(ValueError):
    """The body is not a batch of records at all: nothing in it is looked at."""


@dataclass
class SyncResult:
    stored: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"stored": self.stored, "already": self.already, "refused": self.refused}


def _occurred_at(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _ints(value, name: str) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise DomainError(name, "Send a list of ids")
    return tuple(value)


def _strings(value, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DomainError(name, "Send a list of codes")
    return tuple(value)


def _text(item: dict, name: str) -> str:
    value = item.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DomainError(name, "Send text")
    return value


def record_data(item: dict) -> RecordData:
    """One record of the batch as the service takes it, or a DomainError naming the field."""
    case_sample = item.get("case_sample")
    if case_sample is not None and (not isinstance(case_sample, int) or isinstance(case_sample, bool)):
        raise DomainError("case_sample", "Send the id of a joint case sample")
    occurred_at = _occurred_at(item.get("occurred_at"))
    if occurred_at is None:
        raise DomainError("occurred_at", "Send when it happened as an ISO 8601 date and time")
    return RecordData(
        kind=_text(item, "kind"),
        occurred_at=occurred_at,
        weight=_text(item, "weight"),
        text=_text(item, "text"),
        agencies=_ints(item.get("agencies", []), "agencies"),
        scope_areas=_strings(item.get("scope_areas", []), "scope_areas"),
        age_band=_text(item, "age_band"),
        medium=_text(item, "medium"),
        consent_given=item.get("consent_given") is True,
        case_sample=case_sample,
        confirmed=item.get("personal_data_confirmed") is True,
    )


def _reason(error: DomainError) -> str:
    if error.field in ("__all__", "id", ""):
        return error.message
    return f"{error.field}: {error.message}"


def batch_of(payload) -> list[dict]:
    if not isinstance(payload, dict) or not isinstance(payload.get("records"), list):
        raise SyncError('Send {"records": [...]}')
    records = payload["records"]
    if len(records) > BATCH_LIMIT:
        raise SyncError(f"Send at most {BATCH_LIMIT} records at a time")
    if not all(isinstance(r, dict) for r in records):
        raise SyncError("Each record must be an object")
    return records


def evidence_sync(*, user, inspection: Inspection, payload) -> SyncResult:
    """Store each record of the batch the browser sends, or refuse it with the reason; idempotent
    on each record's id. Only a current member of the team writes (`access.write_refusal`)."""
    records = batch_of(payload)
    result = SyncResult()
    refusal = access.write_refusal(user, inspection)
    options = options_for(inspection) if refusal is None else None
    for item in records:
        raw_id = item.get("id")
        try:
            record_id = uuid.UUID(str(raw_id)) if isinstance(raw_id, str) else None
        except ValueError:
            record_id = None
        if record_id is None:
            result.refused.append({"id": raw_id, "reason": "The record has no id the server can read."})
            continue
        key = str(record_id)
        if refusal is not None:
            result.refused.append({"id": key, "reason": refusal})
            continue
        try:
            # A savepoint each: a refused record leaves the batch's others stored.
            with transaction.atomic():
                recorded = evidence_record_create(
                    user=user, inspection=inspection, data=record_data(item), record_id=record_id, options=options
                )
        except DomainError as error:
            result.refused.append({"id": key, "reason": _reason(error)})
            continue
        except IntegrityError:
            # The same record sent at the same moment by another request, which stored it first.
            result.already.append(key)
            continue
        (result.stored if recorded.created else result.already).append(key)
    return result
