"""The case audits' part of an inspection's audit trail (`inspections.audit`): the request, its
cases, the agencies' evaluations, the inspectors' samples, the returned documents and files —
names only: free text about children is never shown here, only that it changed — and, as a part
of its own, who viewed case-audit material.
"""

from __future__ import annotations

from inspections.audit import REFERENCE_DATA, Source

from .models import (
    AccessLog,
    AgencyEvaluation,
    AreaProfile,
    Attachment,
    AuditCase,
    CaseAuditRequest,
    CaseSample,
    Contributor,
    DocumentReturn,
    ErasureRecord,
    ReopenRequest,
    RequestedDocument,
    SizeBand,
)

CASE_AUDITS = "Case audits"
VIEWS = "Who viewed case-audit material"
FILE_BOOKKEEPING = frozenset({"file", "content_type", "uploaded_by", "uploaded_at", "updated_at", "updated_by"})


def _viewed(log: AccessLog) -> str:
    return f"Viewed case {log.case.reference}: {log.what}" if log.case_id else f"Viewed {log.what}"


def _erased(record: ErasureRecord) -> str:
    return record.summary


def case_audit_sources(*, inspection) -> list[Source]:
    if inspection is None:
        requests, cases, of = {}, {}, {}
    else:
        request_ids = CaseAuditRequest.history.filter(inspection_id=inspection.pk).values("id")
        case_ids = AuditCase.history.filter(request_id__in=request_ids).values("id")
        requests, cases, of = (
            {"request_id__in": request_ids},
            {"case_id__in": case_ids},
            {"inspection_id": inspection.pk},
        )
    free_text = frozenset({"answers", "evidence", "agreement_reason", "missing_reason", "reason", "decision_note"})
    sources = [
        Source(CASE_AUDITS, "Case-audit request", CaseAuditRequest.history.filter(**of)),
        Source(CASE_AUDITS, "Contributor", Contributor.history.filter(**of), name_field="person"),
        Source(CASE_AUDITS, "Case", AuditCase.history.filter(**requests), name_field="reference"),
        Source(
            CASE_AUDITS,
            "Evaluation by",
            AgencyEvaluation.history.filter(**cases),
            name_field="agency",
            hidden_fields=free_text,
            # Who took it back to a draft is the change's reason.
            excluded_fields=frozenset({"case", "updated_at", "reopened_by", "reopened_at"}),
        ),
        Source(
            CASE_AUDITS,
            "Joint sample by",
            CaseSample.history.filter(**cases),
            name_field="inspectorate",
            hidden_fields=free_text,
            excluded_fields=frozenset({"case", "updated_at"}),
        ),
        Source(
            CASE_AUDITS,
            "File",
            Attachment.history.filter(**cases),
            name_field="original_name",
            excluded_fields=FILE_BOOKKEEPING | {"case"},
        ),
        Source(
            CASE_AUDITS,
            "Document",
            DocumentReturn.history.filter(**requests),
            name_field="document",
            hidden_fields=free_text,
            excluded_fields=(FILE_BOOKKEEPING - {"file"}) | {"request"},
        ),
        Source(
            CASE_AUDITS,
            "Reopening",
            ReopenRequest.history.filter(**requests),
            hidden_fields=free_text,
            excluded_fields=frozenset({"request"}),
        ),
        Source(
            CASE_AUDITS,
            "Case-audit material",
            ErasureRecord.objects.filter(**of),
            event=_erased,
            date_field="erased_at",
            user_field="erased_by_id",
        ),
        Source(
            VIEWS,
            "Case-audit material",
            AccessLog.objects.filter(**of).select_related("case"),
            event=_viewed,
            date_field="at",
            user_field="user_id",
        ),
    ]
    if inspection is None:
        sources += [
            Source(REFERENCE_DATA, "Case-audit size band", SizeBand.history.all(), name_field="framework"),
            Source(REFERENCE_DATA, "Requested document", RequestedDocument.history.all(), name_field="title"),
            Source(REFERENCE_DATA, "Child population", AreaProfile.history.all(), name_field="area"),
        ]
    return sources


def erasure_notes(*, inspection) -> list[str]:
    record = ErasureRecord.objects.filter(inspection_id=inspection.pk).first()
    return [record.summary] if record else []
