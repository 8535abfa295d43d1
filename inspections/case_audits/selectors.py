"""Reads for the case-audit pages, each in a fixed number of queries, and the log of who read
free text about a child (written here, where the text is fetched for a page)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from inspections.models import (
    Agency,
    ContactRole,
    Inspection,
    InspectionContact,
    MilestoneKey,
    ScopeArea,
    TeamMembership,
)

from .access import Access
from .models import (
    AccessLog,
    AgencyEvaluation,
    AreaProfile,
    AuditCase,
    CaseAuditRequest,
    CaseSample,
    Contributor,
    DocumentReturn,
    EvaluationStatus,
    ReopenRequest,
    RequestedDocument,
    ReturnStatus,
    SizeBand,
)


@dataclass(frozen=True)
class CasesDefault:
    number: int
    why: str


def cases_default(inspection: Inspection) -> CasesDefault:
    """The default number of cases: the framework's size band for the area's child population,
    or the framework's fewest when no population is recorded or no band applies."""
    framework = inspection.framework
    profile = AreaProfile.objects.filter(area_id=inspection.area_id).first()
    if profile is None:
        return CasesDefault(framework.case_audits_min, f"No child population is recorded for {inspection.area}.")
    band = (
        SizeBand.objects.filter(framework=framework, from_population__lte=profile.child_population)
        .order_by("-from_population")
        .first()
    )
    if band is None:
        return CasesDefault(framework.case_audits_min, f"No size band of {framework} applies.")
    number = min(max(band.cases, framework.case_audits_min), framework.case_audits_max)
    return CasesDefault(
        number, f"{inspection.area} has {profile.child_population:,} children: {number} cases for its size."
    )


def deadline(inspection: Inspection) -> datetime.datetime | None:
    milestone = inspection.milestones.filter(key=MilestoneKey.CASE_AUDIT_DEADLINE).first()
    return milestone.moment if milestone else None


def coordinator_of(inspection: Inspection) -> InspectionContact | None:
    return inspection.contacts.filter(role=ContactRole.DCS_COORDINATOR).select_related("person__user").first()


def former_coordinators(inspection: Inspection) -> list[InspectionContact]:
    """Who coordinated before, latest first: they keep their history, not their part."""
    return list(
        InspectionContact.with_former.former()
        .filter(inspection=inspection, role=ContactRole.DCS_COORDINATOR)
        .select_related("person")
        .order_by("-ended_at")
    )


def lead_of(inspection: Inspection):
    membership = (
        TeamMembership.objects.filter(inspection=inspection, is_lead=True).select_related("inspector__user").first()
    )
    return membership.inspector if membership else None


def scope_areas() -> list[ScopeArea]:
    return list(ScopeArea.objects.order_by("order"))


def request_for(inspection: Inspection) -> CaseAuditRequest | None:
    return CaseAuditRequest.objects.filter(inspection=inspection).first()


def visible_cases(access: Access, request: CaseAuditRequest):
    cases = request.cases.prefetch_related(
        "agencies",
        Prefetch(
            "evaluations", queryset=AgencyEvaluation.objects.select_related("agency", "updated_by", "reopened_by")
        ),
        "attachments",
        Prefetch("samples", queryset=CaseSample.objects.select_related("inspectorate")),
    )
    if not access.sees_all_cases:
        cases = cases.filter(agencies__in=list(access.contributor_agencies)).distinct()
    return list(cases)


@dataclass
class Overview:
    access: Access
    inspection: Inspection
    request: CaseAuditRequest | None
    default: CasesDefault
    deadline: datetime.datetime | None
    cases: list[AuditCase]
    documents: list[DocumentReturn]
    requested_documents: list[RequestedDocument]
    coordinator: InspectionContact | None
    contributors: list[Contributor]
    pending_reopen: ReopenRequest | None
    reopen_requests: list[ReopenRequest]
    lead: object
    agencies: list[Agency] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        """Not in by the deadline: flagged to both sides."""
        if self.request is None or not self.request.is_sent or self.deadline is None:
            return False
        if self.request.status == ReturnStatus.SUBMITTED:
            return self.request.late
        return timezone.now() > self.deadline

    @property
    def ready_to_submit(self) -> bool:
        return (
            self.request is not None
            and self.request.status == ReturnStatus.IN_PROGRESS
            and all(e.status == EvaluationStatus.DONE for c in self.cases for e in c.evaluations.all())
            and all(d.is_answered for d in self.documents)
        )


def overview(access: Access) -> Overview:
    inspection = access.inspection
    request = request_for(inspection)
    cases = visible_cases(access, request) if request and access.sees_cases else []
    documents = (
        list(request.documents.select_related("document")) if request and (access.team or access.coordinator) else []
    )
    reopen_requests = list(request.reopen_requests.select_related("asked_by", "decided_by")) if request else []
    return Overview(
        access=access,
        inspection=inspection,
        request=request,
        default=cases_default(inspection),
        deadline=deadline(inspection),
        cases=cases,
        documents=documents,
        requested_documents=list(RequestedDocument.objects.filter(framework=inspection.framework)),
        coordinator=coordinator_of(inspection),
        contributors=list(Contributor.objects.filter(inspection=inspection).select_related("person__user", "agency")),
        pending_reopen=next((r for r in reopen_requests if r.decision == ReopenRequest.Decision.PENDING), None),
        reopen_requests=reopen_requests,
        lead=lead_of(inspection),
        agencies=list(Agency.objects.filter(areas=inspection.area_id).order_by("name")),
    )


@dataclass(frozen=True)
class ProgressCell:
    agency: Agency
    status: str  # "done", "draft", "not started"


@dataclass(frozen=True)
class ProgressRow:
    case: AuditCase
    cells: list[ProgressCell]


def progress(access: Access) -> tuple[Overview, list[ProgressRow]]:
    data = overview(access)
    rows = []
    for case in data.cases:
        by_agency = {e.agency_id: e for e in case.evaluations.all()}
        cells = []
        for agency in case.agencies.all():
            evaluation = by_agency.get(agency.pk)
            if evaluation is None:
                status = "not started"
            elif evaluation.status == EvaluationStatus.DONE:
                status = "done"
            elif evaluation.answers:
                status = "draft"
            else:
                status = "not started"
            cells.append(ProgressCell(agency=agency, status=status))
        rows.append(ProgressRow(case=case, cells=cells))
    return data, rows


def case_for(access: Access, pk: int) -> AuditCase | None:
    """A case of the inspection's request that this user may see, with what its page shows."""
    case = (
        AuditCase.objects.filter(pk=pk, request__inspection=access.inspection)
        .select_related("request")
        .prefetch_related(
            "agencies",
            Prefetch(
                "evaluations", queryset=AgencyEvaluation.objects.select_related("agency", "updated_by", "reopened_by")
            ),
            "attachments",
            Prefetch("samples", queryset=CaseSample.objects.select_related("inspectorate", "recorded_by")),
        )
        .first()
    )
    if case is None or not access.may_see_case(case):
        return None
    return case


def evaluation_for(access: Access, case: AuditCase, agency_id: int) -> AgencyEvaluation | None:
    """One agency's evaluation of a case this user may see (from `case_for`), if they may read it."""
    if not access.may_see_evaluation(agency_id):
        return None
    return next((e for e in case.evaluations.all() if e.agency_id == agency_id), None)


def access_log(inspection: Inspection):
    return AccessLog.objects.filter(inspection=inspection).select_related("user", "case")[:500]
