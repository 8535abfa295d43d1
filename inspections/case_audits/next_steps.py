"""The case audits' step on a local user's "what you need to do" list (inspections/next_steps.py):
the coordinator's joint return, from the deadline the timeline gives until it is submitted, late
or not."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import apnumber
from django.template.defaultfilters import pluralize
from django.urls import reverse

from inspections.models import InspectionContact, MilestoneKey, Stage
from inspections.next_steps import NextStep

from .models import CaseAuditRequest, ReturnStatus


def _cases_range(inspection) -> str:
    """ "five to seven": the framework version's range, in words as GOV.UK writes one to nine."""
    framework = inspection.framework
    return f"{apnumber(framework.case_audits_min)} to {apnumber(framework.case_audits_max)}"


def case_audit_steps(*, inspection, roles, milestones, coordinator_recorded, today) -> list[NextStep]:
    if not InspectionContact.coordinates(roles, coordinator_named=coordinator_recorded):
        return []
    request = CaseAuditRequest.objects.filter(inspection=inspection).first()
    deadline = milestones.get(MilestoneKey.CASE_AUDIT_DEADLINE)
    if request is None or request.status == ReturnStatus.NOT_SENT:
        # The lead has not sent the request yet: the deadline still stands.
        if deadline is None or deadline.date < today or inspection.stage not in Stage.before_fieldwork():
            return []
        return [
            NextStep(
                "case_audits",
                "Send the area's case audits",
                deadline.date,
                deadline.time,
                f"The partner agencies evaluate together the {_cases_range(inspection)} cases the lead inspector "
                "asks for; the request follows.",
            )
        ]
    if request.status == ReturnStatus.SUBMITTED:
        return []
    late = deadline is not None and deadline.date < today
    cases = request.cases_number
    detail = f"The lead inspector asks for {cases} case{pluralize(cases)}, each evaluated by every agency involved."
    if late:
        detail = "It is late: submit it as soon as you can. The lead inspector decides whether to accept it. " + detail
    return [
        NextStep(
            "case_audits",
            "Submit the area's joint case-audit return",
            deadline.date if deadline else None,
            deadline.time if deadline else None,
            detail,
            reverse("case_audits:overview", args=[inspection.reference]),
        )
    ]
