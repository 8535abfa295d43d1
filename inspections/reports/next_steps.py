"""The reports app's steps on a local user's "what you need to do" list (inspections/next_steps.py):
the partnership's single response to the draft letter, until it is in; after publication, the
written statement of action, until it is sent."""

from __future__ import annotations

from django.urls import reverse

from inspections.models import ContactRole, InspectionContact, MilestoneKey, Stage
from inspections.next_steps import NextStep

from .models import ActionPlanSubmission, FactualAccuracyResponse, Letter, LetterStatus


def factual_accuracy_steps(*, inspection, roles, milestones, coordinator_recorded, today) -> list[NextStep]:
    if inspection.stage != Stage.FACTUAL_ACCURACY:
        return []
    url = reverse("reports:comments", args=[inspection.reference])
    due = milestones.get(MilestoneKey.FACTUAL_ACCURACY_DUE)
    when = (due.date, due.time) if due else (None, None)
    if FactualAccuracyResponse.objects.filter(letter__inspection=inspection).exists():
        return []
    if any(role in InspectionContact.COUNCIL_ROLES for role in roles):
        return [
            NextStep(
                "factual_accuracy",
                "Send the partnership's single factual-accuracy response to the draft letter",
                *when,
                "Gather the agencies' comments, edit or merge them, and submit one response.",
                url,
            )
        ]
    if ContactRole.AGENCY_LEADER in roles:
        return [
            NextStep(
                "factual_accuracy",
                "Comment on the draft letter for your agency",
                *when,
                "Give the paragraph number, your comment and the correction you propose; the coordinator "
                "sends one response for the partnership.",
                url,
            )
        ]
    return []


def action_plan_steps(*, inspection, roles, milestones, coordinator_recorded, today) -> list[NextStep]:
    """The DCS and the coordinator send the written statement of action, by the date set when the
    letter was published (the letter's, the one date every message and page shows)."""
    if inspection.stage != Stage.PUBLISHED:
        return []
    if ContactRole.DCS not in roles and ContactRole.DCS_COORDINATOR not in roles:
        return []
    letter = Letter.objects.filter(inspection=inspection, status=LetterStatus.PUBLISHED).first()
    if letter is None or ActionPlanSubmission.objects.filter(letter=letter).exists():
        return []
    return [
        NextStep(
            "action_plan",
            "Send the written statement of action",
            letter.action_plan_due,
            None,
            "How the partnership will act on the letter's areas for priority action, as one document.",
            reverse("reports:action_plan", args=[inspection.reference]),
        )
    ]
