"""Demo for case audits, after the inspections' demo (its areas, people, accounts and
inspections) and the notifications'. Two states:

- South Gloucestershire (notified): the request sent, a partly complete return. The demo
  accounts `coordinator` and `police.leader` (a contributor for the constabulary) can act on it;
  the deadline in 2016 has passed, so the return shows as late, with one agency still at draft.
- Central Bedfordshire (published): a submitted return and the inspectors' samples.

The notified inspection is built through the services. The published one is past every stage
at which a service would accept the writes, so its rows are written directly: demo data only.
Created once: a second run finds the request and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.demo import demo_row
from inspections.models import (
    Agency,
    AgencyKind,
    Area,
    ContactRole,
    Inspection,
    MilestoneKey,
    Person,
    ScopeArea,
    local_moment,
)

from . import services
from .access import access_for
from .models import (
    AgencyEvaluation,
    AreaProfile,
    AuditCase,
    CaseAuditRequest,
    CaseSample,
    DocumentReturn,
    EvaluationStatus,
    RequestedDocument,
    ReturnStatus,
)
from .selectors import cases_default

# Children aged 0 to 17, rounded: approximate, for the demo's size bands.
CHILD_POPULATION = {
    "E06000056": 61_000,
    "E09000008": 94_000,
    "E08000012": 101_000,
    "E08000015": 67_000,
    "E06000025": 58_000,
    "E10000025": 139_000,
}
NOTIFIED_AREA, PUBLISHED_AREA = "E06000025", "E06000056"
COHORT = (
    "Children who went missing from home or care at least twice in the six months before notification, "
    "at risk of child sexual exploitation."
)
ANSWER = {
    "what_happened": "Referred by the school the same day; a strategy discussion within 24 hours.",
    "impact": "Return interviews took place, and the child's risk of exploitation lowered over three months.",
    "strengths": "Information was shared quickly between the police and children's social care.",
    "improvements": "Health were not invited to the first strategy discussion.",
}


def _answers(scopes) -> dict:
    return {scope.code: dict(ANSWER) for scope in scopes}


def _agencies(area: Area) -> tuple[Agency, Agency, Agency]:
    """The area's police, health body and youth offending service, in that order."""
    wanted = (AgencyKind.POLICE, AgencyKind.HEALTH, AgencyKind.YOUTH_OFFENDING)
    found = {a.kind: a for a in Agency.objects.filter(areas=area, kind__in=wanted).order_by("name")}
    return tuple(found[kind] for kind in wanted)


def _profiles() -> None:
    for ons_code, population in CHILD_POPULATION.items():
        area = Area.objects.filter(ons_code=ons_code).first()
        if area:
            demo_row(AreaProfile, {"area": area}, {"child_population": population})


def _notified(out) -> None:
    inspection = Inspection.objects.filter(area__ons_code=NOTIFIED_AREA, case_audit_request__isnull=True).first()
    if inspection is None:
        return
    User = get_user_model()
    lead = inspection.team.get(is_lead=True).inspector.user
    lead_access = access_for(lead, inspection.reference)
    number = cases_default(inspection).number
    services.request_save(user=lead, access=lead_access, cases_number=number, cohort=COHORT)
    police, health, yos = _agencies(inspection.area)
    mixes = [[police, health], [police, yos], [health], [police, health, yos], [health, yos], [police], [health]]
    for n in range(number):
        services.case_add(user=lead, access=lead_access, reference=f"SG-CSE-{n + 1:03d}", agencies=mixes[n])
    services.request_send(user=lead, access=lead_access)

    coordinator = User.objects.get(username="coordinator")
    coordinator_access = access_for(coordinator, inspection.reference)
    leader = Person.objects.get(user__username="police.leader", area=inspection.area)
    services.contributor_add(user=coordinator, access=coordinator_access, agency=police, person=leader)
    police_user = User.objects.get(username="police.leader")
    scopes = list(ScopeArea.objects.order_by("order"))
    evaluations = list(
        AgencyEvaluation.objects.filter(case__request__inspection=inspection).order_by("case__order", "agency__name")
    )
    # Every police evaluation done; health and youth offending done for all but the last case they are in;
    # one (health on a case) still a draft: late.
    late = next(e for e in reversed(evaluations) if e.agency_id == health.pk)
    for evaluation in evaluations:
        if evaluation.agency_id == police.pk:
            who, who_access = police_user, access_for(police_user, inspection.reference)
        else:
            who, who_access = coordinator, coordinator_access
        done = evaluation.pk != late.pk and not (evaluation.agency_id == yos.pk and evaluation.case.order == number)
        answers = _answers(scopes) if done else {scopes[0].code: {"what_happened": ANSWER["what_happened"]}}
        services.evaluation_save(user=who, access=who_access, evaluation=evaluation, answers=answers, done=done)
    first = DocumentReturn.objects.filter(request__inspection=inspection).order_by("document__order").first()
    services.document_save(
        user=coordinator,
        access=coordinator_access,
        document=first,
        missing_reason="The front-door procedures are being rewritten; the interim guidance is in the MASH.",
    )
    out.write(f"  {inspection.reference}: case-audit request sent, the return partly done and late\n")


def _published(out) -> None:
    inspection = Inspection.objects.filter(area__ons_code=PUBLISHED_AREA, case_audit_request__isnull=True).first()
    if inspection is None:
        return
    lead = inspection.team.get(is_lead=True).inspector.user
    coordinator = inspection.contacts.filter(role=ContactRole.DCS_COORDINATOR).first()
    deadline = inspection.milestones.get(key=MilestoneKey.CASE_AUDIT_DEADLINE)
    notification = inspection.milestones.get(key=MilestoneKey.NOTIFICATION)
    submitted_at = local_moment(deadline.date, deadline.time) - timezone.timedelta(hours=3)
    request = CaseAuditRequest.objects.create(
        inspection=inspection,
        cases_number=5,
        number_reason="The pilot inspection: five cases, as agreed with the area.",
        cohort=COHORT,
        status=ReturnStatus.SUBMITTED,
        sent_at=local_moment(notification.date, notification.time),
        sent_by=lead,
        submitted_at=submitted_at,
        submitted_by=coordinator.person.user if coordinator else None,
    )
    scopes = list(ScopeArea.objects.order_by("order"))
    police, health, yos = _agencies(inspection.area)
    team = {
        m.inspector.inspectorate_id: m.inspector
        for m in inspection.team.select_related("inspector__inspectorate", "inspector__user")
    }
    for n in range(5):
        case = AuditCase.objects.create(request=request, reference=f"CB-{n + 1:03d}", order=n + 1)
        agencies = [police, health] if n % 2 == 0 else [health, yos]
        case.agencies.set(agencies)
        for agency in agencies:
            AgencyEvaluation.objects.create(
                case=case,
                agency=agency,
                answers=_answers(scopes),
                status=EvaluationStatus.DONE,
                updated_at=submitted_at,
            )
        if n < 2:
            for inspector in team.values():
                CaseSample.objects.create(
                    case=case,
                    inspectorate=inspector.inspectorate,
                    answers={s.code: f"{inspector.inspectorate.short_name}: consistent with the file." for s in scopes},
                    evidence="The case file, the strategy discussion's minutes and the return interview.",
                    agreement="agree" if n == 0 else "partly",
                    agreement_reason="The area's grading matches what we saw."
                    if n == 0
                    else "The area overstated the impact of the return interviews.",
                    recorded_by=inspector.user,
                )
    for document in RequestedDocument.objects.filter(framework=inspection.framework):
        DocumentReturn.objects.create(
            request=request, document=document, missing_reason="Sent by e-mail before the service existed."
        )
    out.write(f"  {inspection.reference}: case audits submitted, {len(team)} inspectorates sampled two cases\n")


def load(out) -> None:
    out.write("Demo case audits:\n")
    _profiles()
    _notified(out)
    _published(out)
