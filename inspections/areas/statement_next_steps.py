"""The written statement of action on the DCS's and the coordinator's "what you need to do" list
(inspections/next_steps.py): after publication, until it is sent; again when the inspectorates ask
for changes, until it is sent again. Due on the one date every page and message shows (the
letter's, fixed at publication)."""

from __future__ import annotations

from django.urls import reverse

from inspections.models import InspectionContact, Stage
from inspections.next_steps import NextStep
from inspections.reports.models import Letter, LetterStatus

from .statement_models import StatementStatus, WrittenStatement


def statement_steps(*, inspection, roles, milestones, coordinator_recorded, today) -> list[NextStep]:
    if inspection.stage != Stage.PUBLISHED or not set(roles) & set(InspectionContact.COUNCIL_ROLES):
        return []
    letter = Letter.objects.filter(inspection=inspection, status=LetterStatus.PUBLISHED).first()
    if letter is None:
        return []
    statement = WrittenStatement.objects.filter(inspection=inspection).first()
    url = reverse("statements:statement", args=[inspection.reference])
    if statement is None or statement.status == StatementStatus.DRAFT:
        return [
            NextStep(
                "action_plan",
                "Send the written statement of action",
                letter.action_plan_due,
                None,
                "For each of the letter's recommendations: the actions, the agencies that own them and their dates.",
                url,
            )
        ]
    if statement.status == StatementStatus.CHANGES_REQUESTED:
        return [
            NextStep(
                "action_plan",
                "Change the written statement of action as the inspectorates ask, and send it again",
                None,
                None,
                "Their reasons are on the statement's page.",
                url,
            )
        ]
    return []
