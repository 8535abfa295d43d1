"""Reads for the fieldwork pages and services, in a fixed number of queries. Selectors write nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet

from inspections.case_audits.models import CaseSample
from inspections.models import Agency, Inspection, ScopeArea, agencies_taking_part

from .models import EmergingFinding, EvidenceRecord


@dataclass(frozen=True)
class Options:
    """What a record of an inspection may name, each by the key the form and the sync interface
    send: agencies by id, scope areas by code, case samples by id."""

    agencies: dict[int, Agency]
    scope_areas: dict[str, ScopeArea]
    case_samples: dict[int, CaseSample]


def options_for(inspection: Inspection) -> Options:
    """Three queries, whatever the number of records checked against them."""
    samples = CaseSample.objects.filter(case__request__inspection=inspection).select_related("case", "inspectorate")
    return Options(
        agencies={a.pk: a for a in agencies_taking_part(inspection).order_by("name")},
        scope_areas={s.code: s for s in ScopeArea.objects.order_by("order")},
        case_samples={s.pk: s for s in samples.order_by("case__order", "case__pk", "inspectorate__name")},
    )


def records_of(inspection: Inspection) -> QuerySet[EvidenceRecord]:
    """The inspection's records with what a list of them shows, in a fixed number of queries."""
    return (
        EvidenceRecord.objects.filter(inspection=inspection)
        .select_related("author", "inspectorate", "case_sample__case", "amended_by")
        .prefetch_related("agencies", "scope_areas")
    )


def my_records(user, inspection: Inspection) -> list[EvidenceRecord]:
    return list(records_of(inspection).filter(author=user))


def record_of(inspection: Inspection, record_id: str) -> EvidenceRecord | None:
    try:
        key = uuid.UUID(str(record_id))
    except ValueError:
        return None
    return records_of(inspection).filter(pk=key).first()


@dataclass(frozen=True)
class Amendment:
    at: object
    by: object


def amendments_of(record: EvidenceRecord) -> list[Amendment]:
    """Each amendment once, oldest first: the history rows where the amendment time changed (a
    change of the record's agencies or scope areas adds rows of its own to the history)."""
    rows = record.history.filter(amended_at__isnull=False).select_related("amended_by").order_by("history_date")
    seen, amendments = set(), []
    for row in rows:
        if row.amended_at not in seen:
            seen.add(row.amended_at)
            amendments.append(Amendment(at=row.amended_at, by=row.amended_by))
    return amendments


def emerging_findings_of(inspection: Inspection) -> list[EmergingFinding]:
    return list(
        EmergingFinding.objects.filter(inspection=inspection)
        .select_related("scope_area", "recorded_by")
        .prefetch_related("records__inspectorate")
    )
