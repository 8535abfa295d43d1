"""The case audits' part of an inspection's audit trail (`inspections.audit`): the request, its
cases, the agencies' evaluations, the inspectors' samples, the returned documents and files —
names only: free text about children is never shown here, only that it changed — and, as a part
of its own, who viewed case-audit material.
"""

from __future__ import annotations

from inspections.audit import Part, Source, inspection_rows, reference_sources, rows_under

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

# Free text about children: only that it changed is shown.
CASE_AUDITS = Part(
    "Case audits",
    hidden_fields=frozenset({"answers", "evidence", "agreement_reason", "missing_reason", "reason", "decision_note"}),
)
VIEWS = "Who viewed case-audit material"
FILE_BOOKKEEPING = frozenset({"file", "content_type", "uploaded_by", "uploaded_at", "updated_at", "updated_by"})


def _viewed(log: AccessLog) -> str:
    return f"Viewed case {log.case.reference}: {log.what}" if log.case_id else f"Viewed {log.what}"


def _erased(record: ErasureRecord) -> str:
    return record.summary


def case_audit_sources(*, inspection) -> list[Source]:
    of = inspection_rows(inspection)
    requests = rows_under(inspection, "request", CaseAuditRequest.history.filter(**of))
    cases = rows_under(inspection, "case", AuditCase.history.filter(**requests))
    sources = [
        CASE_AUDITS.history("Case-audit request", CaseAuditRequest.history.filter(**of)),
        CASE_AUDITS.history("Contributor", Contributor.history.filter(**of), "person"),
        CASE_AUDITS.history("Case", AuditCase.history.filter(**requests), "reference"),
        CASE_AUDITS.history(
            "Evaluation by",
            AgencyEvaluation.history.filter(**cases),
            "agency",
            # Who took it back to a draft is the change's reason.
            excluded={"case", "updated_at", "reopened_by", "reopened_at"},
        ),
        CASE_AUDITS.history(
            "Joint sample by", CaseSample.history.filter(**cases), "inspectorate", excluded={"case", "updated_at"}
        ),
        CASE_AUDITS.history(
            "File", Attachment.history.filter(**cases), "original_name", excluded=FILE_BOOKKEEPING | {"case"}
        ),
        CASE_AUDITS.history(
            "Document",
            DocumentReturn.history.filter(**requests),
            "document",
            excluded=(FILE_BOOKKEEPING - {"file"}) | {"request"},
        ),
        CASE_AUDITS.history("Reopening", ReopenRequest.history.filter(**requests), excluded={"request"}),
        Source(
            CASE_AUDITS.name,
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
    return sources + reference_sources(
        inspection,
        (SizeBand, "Case-audit size band", "framework"),
        (RequestedDocument, "Requested document", "title"),
        (AreaProfile, "Child population", "area"),
    )


def erasure_notes(*, inspection) -> list[str]:
    record = ErasureRecord.objects.filter(inspection_id=inspection.pk).first()
    return [record.summary] if record else []
