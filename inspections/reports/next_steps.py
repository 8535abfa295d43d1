"""The reports app's step on a local user's "what you need to do" list (inspections/next_steps.py):
the partnership's single response to the draft letter, until it is in. The written statement of
action that follows publication is the areas app's step."""

from __future__ import annotations

from django.urls import reverse

from inspections.models import ContactRole, InspectionContact, MilestoneKey, Stage
from inspections.next_steps import NextStep

from .models import FactualAccuracyResponse


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
