"""What people do in case audits. Every service is keyword-only, runs in one transaction,
checks who may act (PermissionDenied) and raises DomainError(field, message) for bad input,
changing nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from inspections.calendar import govuk_datetime
from inspections.models import (
    Agency,
    ContactRole,
    Inspection,
    InspectionContact,
    MilestoneKey,
    Person,
    PersonRole,
    ScopeArea,
    Stage,
    agencies_taking_part,
)
from inspections.notifications.models import MessageKind
from inspections.notifications.services import lead_tell, message_queue
from inspections.services.contacts import area_person, contact_replace, people_for_role
from jtai import uploads
from jtai.errors import DomainError, DomainErrors, required_text

from . import personal_data
from .access import Access, require
from .invitations import invitation_queue
from .models import (
    QUESTIONS,
    AccessLog,
    AgencyEvaluation,
    Attachment,
    AuditCase,
    CaseAuditRequest,
    CaseSample,
    Contributor,
    DocumentReturn,
    EvaluationStatus,
    ReopenRequest,
    RequestedDocument,
    ReturnStatus,
)
from .selectors import cases_default, coordinator_of, deadline


def _locked_request(inspection: Inspection) -> CaseAuditRequest | None:
    return CaseAuditRequest.objects.select_for_update().filter(inspection=inspection).first()


def _require_editable_return(request: CaseAuditRequest | None, inspection: Inspection) -> CaseAuditRequest:
    if request is None or not request.is_sent:
        raise DomainError("__all__", "The lead inspector has not sent the case-audit request yet.")
    if request.is_locked:
        raise DomainError("__all__", "The joint return has been submitted, so it is locked. Ask the lead to reopen it.")
    if inspection.stage not in Stage.notified_until_fieldwork_ends():
        raise DomainError("__all__", f"{inspection.reference} is {inspection.get_stage_display().lower()}.")
    return request


@transaction.atomic
def case_read_log(*, access: Access, user, case: AuditCase | None, what: str) -> AccessLog:
    """Record that `user` was shown free text about a child (the lead reads the log)."""
    return AccessLog.objects.create(inspection=access.inspection, case=case, user=user, what=what)


# ---- The coordinator and contributors ---------------------------------------------------------


def _area_person(*, inspection: Inspection, person: Person | None, name: str, email: str, role: str, agency=None):
    """One of the area's people, or the core's find-or-add by name and address."""
    if person is not None:
        if person.area_id != inspection.area_id:
            raise DomainError("person", f"{person.name} is not one of {inspection.area}'s people.")
        return person
    return area_person(inspection=inspection, name=name, email=email, role=role, agency=agency)


@transaction.atomic
def coordinator_nominate(
    *, user, access: Access, person: Person | None = None, name: str = "", email: str = ""
) -> InspectionContact:
    """The DCS (or the lead) nominates or changes the DCS coordinator through the core's contact
    service (the old one keeps their history, and loses their part); the coordinator is invited."""
    require(access.dcs or access.lead, "Only the DCS or the lead inspector can nominate the coordinator.")
    inspection = access.inspection
    person = _area_person(inspection=inspection, person=person, name=name, email=email, role=PersonRole.DCS_COORDINATOR)
    contact = contact_replace(user=user, inspection=inspection, person=person, role=ContactRole.DCS_COORDINATOR)
    # With a single-use sign-up link if they have no account.
    invitation_queue(inspection=inspection, person=person)
    return contact


@transaction.atomic
def contributor_add(
    *, user, access: Access, agency: Agency, person: Person | None = None, name: str = "", email: str = ""
) -> Contributor:
    """The coordinator adds someone to evaluate, for one agency, the cases it is involved in."""
    require(access.coordinator or access.lead, "Only the DCS coordinator can add contributors.")
    inspection = access.inspection
    if not agency.areas.filter(pk=inspection.area_id).exists():
        raise DomainError("agency", f"{agency} does not serve {inspection.area}.")
    if not agencies_taking_part(inspection).filter(pk=agency.pk).exists():
        raise DomainError("agency", f"{_COUNCIL_ONLY}: {agency} takes no part in its case audits.")
    request = _locked_request(inspection)
    if request is not None and request.is_locked:
        raise DomainError("__all__", "The joint return has been submitted, so it is locked.")
    person = _area_person(
        inspection=inspection, person=person, name=name, email=email, role=PersonRole.CONTRIBUTOR, agency=agency
    )
    if Contributor.objects.filter(inspection=inspection, person=person).exists():
        raise DomainError("email", f"{person.name} is already a contributor.")
    contributor = Contributor.objects.create(inspection=inspection, person=person, agency=agency, added_by=user)
    # With a single-use sign-up link if they have no account.
    invitation_queue(inspection=inspection, person=person)
    return contributor


@transaction.atomic
def contributor_remove(*, user, access: Access, contributor: Contributor) -> None:
    require(access.coordinator or access.lead, "Only the DCS coordinator can remove contributors.")
    if contributor.inspection_id != access.inspection.pk:
        raise DomainError("__all__", "No such contributor.")
    contributor.delete()


# ---- The request ------------------------------------------------------------------------------


@transaction.atomic
def request_save(
    *, user, access: Access, cases_number: int, number_reason: str = "", cohort: str = "", confirmed: bool = False
) -> CaseAuditRequest:
    """The lead sets the number of cases (within the framework's range; a number other than the
    default needs a reason) and describes the cohort."""
    require(access.lead, "Only the lead inspector can set the case-audit request.")
    inspection = Inspection.objects.select_for_update().get(pk=access.inspection.pk)
    request = _locked_request(inspection)
    if request is not None and request.is_sent:
        raise DomainError("cases_number", "The request has been sent, so it can no longer change.")
    if inspection.stage not in Stage.before_fieldwork():
        raise DomainError("__all__", f"{inspection.reference} is {inspection.get_stage_display().lower()}.")
    framework = inspection.framework
    low, high = framework.case_audits_min, framework.case_audits_max
    if cases_number is None or not low <= cases_number <= high:
        raise DomainError("cases_number", f"The number of cases must be between {low} and {high}")
    default = cases_default(inspection).number
    number_reason = (number_reason or "").strip()
    if cases_number != default and not number_reason:
        raise DomainError("number_reason", f"Enter why the area should audit {cases_number} cases, not {default}")
    personal_data.warn(confirmed, {"cohort": cohort})
    if request is None:
        request = CaseAuditRequest(inspection=inspection)
    elif request.cases.count() > cases_number:
        raise DomainError("cases_number", f"Remove cases first: {request.cases.count()} are described")
    request.cases_number = cases_number
    request.number_reason = number_reason if cases_number != default else ""
    request.cohort = cohort.strip()
    request.save()
    return request


def _agencies_for(inspection: Inspection, agencies) -> list[Agency]:
    agencies = list(agencies)
    if not agencies:
        raise DomainError("agencies", "Select the agencies involved with the child")
    served = set(Agency.objects.filter(areas=inspection.area_id).values_list("pk", flat=True))
    if any(a.pk not in served for a in agencies):
        raise DomainError("agencies", f"Select agencies that serve {inspection.area}")
    taking_part = set(agencies_taking_part(inspection).values_list("pk", flat=True))
    outside = [str(a) for a in agencies if a.pk not in taking_part]
    if outside:
        raise DomainError("agencies", f"{_COUNCIL_ONLY}: {', '.join(outside)} cannot be named on a case.")
    return agencies


_COUNCIL_ONLY = "An Ofsted-only inspection involves the local authority alone"


@transaction.atomic
def case_add(*, user, access: Access, reference: str, agencies, confirmed: bool = False) -> AuditCase:
    """The lead adds a case to the request by the area's own reference."""
    require(access.lead, "Only the lead inspector can describe the cases.")
    request = _locked_request(access.inspection)
    if request is None:
        raise DomainError("reference", "Set the number of cases first")
    if request.is_sent:
        raise DomainError("reference", "The request has been sent, so its cases can no longer change.")
    reference = required_text("reference", reference, "Enter the area's case reference")
    personal_data.warn(confirmed, {"reference": reference})
    if request.cases.filter(reference__iexact=reference).exists():
        raise DomainError("reference", f"Case {reference} is already in the request")
    if request.cases.count() >= request.cases_number:
        raise DomainError("reference", f"The request already has its {request.cases_number} cases")
    agencies = _agencies_for(access.inspection, agencies)
    case = AuditCase.objects.create(request=request, reference=reference, order=request.cases.count() + 1)
    case.agencies.set(agencies)
    return case


@transaction.atomic
def case_remove(*, user, access: Access, case: AuditCase) -> None:
    require(access.lead, "Only the lead inspector can describe the cases.")
    request = _locked_request(access.inspection)
    if request is None or case.request_id != request.pk:
        raise DomainError("__all__", "No such case.")
    if request.is_sent:
        raise DomainError("__all__", "The request has been sent, so its cases can no longer change.")
    case.delete()


@transaction.atomic
def request_send(*, user, access: Access) -> CaseAuditRequest:
    """The lead sends the request to the coordinator, through the notifications, with the
    case-audit deadline from the timeline. Each involved agency gets an empty evaluation of each case."""
    require(access.lead, "Only the lead inspector can send the case-audit request.")
    inspection = Inspection.objects.select_for_update().get(pk=access.inspection.pk)
    request = _locked_request(inspection)
    if request is None:
        raise DomainError("__all__", "Set the number of cases and describe them first.")
    if request.is_sent:
        raise DomainError("__all__", "The request has already been sent.")
    if inspection.stage != Stage.NOTIFIED:
        raise DomainError("__all__", "The request goes once the area has been notified, before the week on site.")
    cases = list(request.cases.prefetch_related("agencies"))
    if len(cases) != request.cases_number:
        raise DomainError("__all__", f"Describe all {request.cases_number} cases first: {len(cases)} so far.")
    coordinator = coordinator_of(inspection)
    if coordinator is None:
        raise DomainError(
            "__all__", "The DCS has not nominated a coordinator yet: the request goes to the coordinator."
        )
    for case in cases:
        for agency in case.agencies.all():
            # One by one, not in bulk, so that each has its first history row.
            AgencyEvaluation.objects.get_or_create(case=case, agency=agency)
    for document in RequestedDocument.objects.filter(framework=inspection.framework):
        DocumentReturn.objects.get_or_create(request=request, document=document)
    request.status = ReturnStatus.IN_PROGRESS
    request.sent_at = timezone.now()
    request.sent_by = user
    request.save()
    message_queue(
        inspection=inspection,
        kind=MessageKind.CASE_AUDIT_REQUEST,
        key="case_audit_request",
        contact=coordinator,
        recipient_name=coordinator.person.name,
        recipient_email=coordinator.person.email,
        milestone_key=MilestoneKey.CASE_AUDIT_DEADLINE,
    )
    return request


# ---- The return ---------------------------------------------------------------------------------


def _clean_answers(answers: dict, *, scope_codes: list[str]) -> dict:
    cleaned = {}
    for code in scope_codes:
        given = answers.get(code) or {}
        cleaned[code] = {key: (given.get(key) or "").strip() for key, _label in QUESTIONS}
    return cleaned


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "Someone"


@transaction.atomic
def evaluation_save(
    *,
    user,
    access: Access,
    evaluation: AgencyEvaluation,
    answers: dict,
    done: bool,
    reopen: bool = False,
    confirmed: bool = False,
) -> AgencyEvaluation:
    """An agency's evaluation of a case, saved as a draft as people go or marked done, by the
    agency's contributors or the coordinator.

    The rule for an evaluation marked done: it stays done. Saving it again keeps it done, and so it
    must still be complete. Taking it back to a draft is a choice of its own (`reopen`), open to
    the same people, which the page shows them before they make it: the coordinator cannot submit
    the joint return until it is marked done again. It is kept with who took it back
    (`reopened_by`, shown on the case's page) and is in the audit trail with who had marked it done.
    A "save as draft" sent for an evaluation that someone marked done since the page was opened
    is refused, naming who marked it done and when, and changes nothing: never reopened silently.

    Marking it done needs the first two questions answered for every scope area: every missing
    answer is refused at once (`DomainErrors`)."""
    require(access.may_edit_evaluation(evaluation.agency_id), "Only the agency's contributors or the coordinator.")
    request = _require_editable_return(_locked_request(access.inspection), access.inspection)
    evaluation = (
        AgencyEvaluation.objects.select_for_update(of=("self",))
        .select_related("case", "updated_by")
        .get(pk=evaluation.pk)
    )
    if evaluation.case.request_id != request.pk:
        raise DomainError("__all__", "No such evaluation.")
    was_done = evaluation.status == EvaluationStatus.DONE
    if was_done and not done and not reopen:
        raise DomainError(
            "__all__",
            f"{_name(evaluation.updated_by)} marked this evaluation done on {govuk_datetime(evaluation.updated_at)}. "
            "Nothing is saved: save it and keep it done, or take it back to a draft if it needs more work.",
        )
    scopes = list(ScopeArea.objects.order_by("order"))
    cleaned = _clean_answers(answers, scope_codes=[s.code for s in scopes])
    if done:
        missing = [
            DomainError(f"{scope.code}__{key}", f"Enter {label.lower()}: {scope.name}")
            for scope in scopes
            for key, label in QUESTIONS[:2]
            if not cleaned[scope.code][key]
        ]
        if missing:
            raise DomainErrors(missing)
    personal_data.warn(
        confirmed, {f"{code}__{key}": text for code, given in cleaned.items() for key, text in given.items()}
    )
    now = timezone.now()
    if was_done and not done:
        evaluation._change_reason = (
            f"Taken back to draft by {_name(user)}; {_name(evaluation.updated_by)} had marked it done"
        )
        evaluation.reopened_by, evaluation.reopened_at = user, now
        evaluation._history_user = user
    elif done:
        evaluation.reopened_by, evaluation.reopened_at = None, None
    evaluation.answers = cleaned
    evaluation.status = EvaluationStatus.DONE if done else EvaluationStatus.DRAFT
    evaluation.updated_by = user
    evaluation.updated_at = now
    evaluation.save()
    return evaluation


@transaction.atomic
def document_save(
    *, user, access: Access, document: DocumentReturn, upload: UploadedFile | None = None, missing_reason: str = ""
) -> DocumentReturn:
    """The coordinator uploads a requested document, or says why it does not exist."""
    require(access.coordinator, "Only the DCS coordinator returns the documents.")
    request = _require_editable_return(_locked_request(access.inspection), access.inspection)
    document = DocumentReturn.objects.select_for_update().get(pk=document.pk, request=request)
    missing_reason = (missing_reason or "").strip()
    if upload is None and not missing_reason:
        raise DomainError("file", "Choose a file, or say why the document does not exist")
    if upload is not None and missing_reason:
        raise DomainError("missing_reason", "Either upload the document or say why it does not exist, not both")
    if upload is not None:
        checked = uploads.upload_check(upload)
        document.content_type, document.original_name, document.size = (
            checked.content_type,
            checked.original_name,
            checked.size,
        )
        document.missing_reason = ""
        old = document.file.name if document.file else None
        document.file.save("upload", upload, save=False)
        if old:
            transaction.on_commit(lambda: document.file.storage.delete(old))
    else:
        if document.file:
            old = document.file.name
            transaction.on_commit(lambda: document.file.storage.delete(old))
        document.file = ""
        document.original_name = document.content_type = ""
        document.size = None
        document.missing_reason = missing_reason
    document.updated_by = user
    document.updated_at = timezone.now()
    document.save()
    return document


@transaction.atomic
def attachment_add(*, user, access: Access, case: AuditCase, upload: UploadedFile | None) -> Attachment:
    """A file for one case, only where needed: by the coordinator or an involved agency's contributor."""
    involved = {a.pk for a in case.agencies.all()}
    mine = involved & set(access.contributor_agencies)
    require(access.coordinator or bool(mine), "Only the coordinator or an involved agency's contributors.")
    request = _require_editable_return(_locked_request(access.inspection), access.inspection)
    if case.request_id != request.pk:
        raise DomainError("file", "No such case.")
    checked = uploads.upload_check(upload)
    attachment = Attachment(
        case=case,
        agency_id=min(mine) if mine and not access.coordinator else None,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.file.save("upload", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, user, access: Access, attachment: Attachment) -> None:
    """A file added by mistake (another child's record, perhaps) is removed before the return is
    submitted, by whoever uploaded it or by the coordinator. The audit trail keeps that it was
    there and who removed it, never its content: the file itself is deleted from storage once the
    removal is committed. After submission the area cannot remove it (the return is locked)."""
    request = _require_editable_return(_locked_request(access.inspection), access.inspection)
    attachment = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("case__request")
        .filter(pk=attachment.pk)
        .first()
    )
    if attachment is None or attachment.case.request_id != request.pk:
        raise DomainError("__all__", "No such attachment.")
    require(
        access.may_remove_attachment(attachment), "Only whoever uploaded the file, or the coordinator, can remove it."
    )
    stored, storage = attachment.file.name, attachment.file.storage
    attachment._change_reason = f"Removed by {_name(user)} before the return was submitted"
    attachment._history_user = user
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def return_submit(*, user, access: Access) -> CaseAuditRequest:
    """The coordinator submits all the cases as one joint return. After the deadline it is
    flagged late to both sides; submitted, it is locked."""
    require(access.coordinator, "Only the DCS coordinator submits the joint return.")
    request = _require_editable_return(_locked_request(access.inspection), access.inspection)
    unfinished = AgencyEvaluation.objects.filter(case__request=request).exclude(status=EvaluationStatus.DONE)
    if unfinished.exists():
        first = unfinished.select_related("case", "agency").first()
        pending = unfinished.count()
        which = f"{first.agency}'s of case {first.case.reference}"
        raise DomainError(
            "__all__",
            f"1 evaluation is not done yet: {which}."
            if pending == 1
            else f"{pending} evaluations are not done yet, for example {which}.",
        )
    missing = [d for d in request.documents.select_related("document") if not d.is_answered]
    if missing:
        raise DomainError("__all__", f"Upload “{missing[0].document.title}” or say why it does not exist.")
    now = timezone.now()
    due = deadline(access.inspection)
    request.status = ReturnStatus.SUBMITTED
    request.submitted_at = now
    request.submitted_by = user
    request.late = due is not None and now > due
    request.save()
    # The submit page promises the lead is told; a return reopened and submitted again tells them again.
    key = f"case_audit_submitted:{now:%Y%m%d%H%M%S%f}"
    lead_tell(inspection=access.inspection, kind=MessageKind.CASE_AUDIT_SUBMITTED, key=key)
    return request


@transaction.atomic
def reopen_ask(*, user, access: Access, reason: str) -> ReopenRequest:
    require(access.coordinator, "Only the DCS coordinator can ask to reopen the return.")
    request = _locked_request(access.inspection)
    if request is None or not request.is_locked:
        raise DomainError("reason", "Only a submitted return can be reopened.")
    reason = required_text("reason", reason, "Enter why the return should be reopened")
    if request.reopen_requests.filter(decision=ReopenRequest.Decision.PENDING).exists():
        raise DomainError("reason", "You have already asked: the lead inspector has not decided yet.")
    return ReopenRequest.objects.create(request=request, reason=reason, asked_by=user)


@transaction.atomic
def reopen_decide(*, user, access: Access, reopen: ReopenRequest, grant: bool, note: str = "") -> ReopenRequest:
    require(access.lead, "Only the lead inspector decides whether to reopen the return.")
    request = _locked_request(access.inspection)
    reopen = ReopenRequest.objects.select_for_update().get(pk=reopen.pk)
    if request is None or reopen.request_id != request.pk or reopen.decision != ReopenRequest.Decision.PENDING:
        raise DomainError("decision", "This request to reopen has already been decided.")
    if access.inspection.stage not in Stage.notified_until_fieldwork_ends() and grant:
        raise DomainError("decision", "The week on site is over: the return can no longer be reopened.")
    reopen.decision = ReopenRequest.Decision.GRANTED if grant else ReopenRequest.Decision.REFUSED
    reopen.decided_by, reopen.decided_at, reopen.decision_note = user, timezone.now(), (note or "").strip()
    reopen.save()
    if grant:
        request.status = ReturnStatus.IN_PROGRESS
        request.submitted_at = None
        request.submitted_by = None
        request.late_accepted_at = request.late_accepted_by = None
        request.save()
    return reopen


@transaction.atomic
def late_accept(*, user, access: Access) -> CaseAuditRequest:
    require(access.lead, "Only the lead inspector can accept a late return.")
    request = _locked_request(access.inspection)
    if request is None or not request.is_locked or not request.late:
        raise DomainError("__all__", "Only a return submitted late can be accepted as late.")
    if request.late_accepted_at:
        raise DomainError("__all__", "The late return has already been accepted.")
    request.late_accepted_at, request.late_accepted_by = timezone.now(), user
    request.save()
    return request


# ---- On site: joint case sampling ------------------------------------------------------------


AGREEMENTS = {"agree", "partly", "disagree"}


@transaction.atomic
def sample_save(
    *,
    user,
    access: Access,
    case: AuditCase,
    answers: dict,
    evidence: str,
    agreement: str,
    agreement_reason: str,
    finding_reference: str = "",
    confirmed: bool = False,
) -> CaseSample:
    """An inspector records their inspectorate's joint sampling of an audited case. There is
    no other kind of case: only one of the request's cases can be sampled."""
    require(access.team and not access.local, "Only the inspection's team samples cases.")
    inspection = access.inspection
    if inspection.stage not in Stage.fieldwork_and_reporting():
        raise DomainError("__all__", "Cases are sampled on site.")
    if not AuditCase.objects.filter(pk=case.pk, request__inspection=inspection).exists():
        raise DomainError("__all__", "Only the cases the area audited can be sampled.")
    inspector = getattr(user, "inspector", None)
    if inspector is None:
        raise DomainError("__all__", "Only inspectors sample cases.")
    scope_codes = list(ScopeArea.objects.order_by("order").values_list("code", flat=True))
    cleaned = {code: (answers.get(code) or "").strip() for code in scope_codes}
    evidence, agreement_reason = (evidence or "").strip(), (agreement_reason or "").strip()
    if agreement not in AGREEMENTS:
        raise DomainError("agreement", "Select whether you agree with the area's own audit")
    if not agreement_reason:
        raise DomainError("agreement_reason", "Enter why")
    if not evidence:
        raise DomainError("evidence", "Enter the evidence seen")
    personal_data.warn(confirmed, {**cleaned, "evidence": evidence, "agreement_reason": agreement_reason})
    sample, _ = CaseSample.objects.select_for_update().get_or_create(
        case=case, inspectorate=inspector.inspectorate, defaults={"recorded_by": user}
    )
    sample.answers, sample.evidence = cleaned, evidence
    sample.agreement, sample.agreement_reason = agreement, agreement_reason
    sample.finding_reference = (finding_reference or "").strip()
    sample.recorded_by, sample.updated_at = user, timezone.now()
    sample.save()
    return sample


def people_to_nominate(inspection: Inspection):
    """The council's people the DCS may nominate as coordinator."""
    return people_for_role(inspection, ContactRole.DCS_COORDINATOR).order_by("name")
