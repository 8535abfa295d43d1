"""Services for the written statement of action. Keyword-only; each runs in one transaction,
checks who may act (`statement_selectors`) and raises `DomainError(field, message)` about its input.

The area (its DCS or coordinator) writes the actions for each recommendation of the published
letter, may attach documents, and sends the statement once nothing is missing
(`statement_checks`). The lead inspector or a manager accepts it or asks for changes with reasons;
the DCS and the coordinator are told by e-mail each time. Accepted, it is read-only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Agency, Inspection, MilestoneKey, agencies_taking_part
from inspections.notifications.models import MessageKind
from inspections.notifications.services import council_tell, lead_tell
from inspections.reports import selectors as letter_selectors
from inspections.reports.models import Letter, Recommendation
from inspections.services import milestone_meet
from jtai import storage, uploads
from jtai.errors import DomainError, required_choice, required_text

from .statement_checks import statement_gaps
from .statement_models import (
    ReviewDecision,
    StatementAction,
    StatementAttachment,
    StatementReview,
    StatementStatus,
    WrittenStatement,
)
from .statement_selectors import reviews_statement, statement_window, writes_statement


def _locked(inspection: Inspection) -> tuple[Inspection, Letter]:
    inspection = Inspection.objects.select_for_update().select_related("framework", "area").get(pk=inspection.pk)
    letter = Letter.objects.filter(inspection=inspection).first()
    if letter is None or not letter.is_published:
        raise DomainError("__all__", "The written statement of action is sent once the letter is published.")
    return inspection, letter


def _writable(user, inspection: Inspection) -> tuple[Inspection, Letter, WrittenStatement]:
    """The statement the DCS or coordinator writes to, made on first use, while it may change."""
    core.require(
        writes_statement(user, inspection),
        "Only the DCS or the DCS coordinator can write the written statement of action.",
    )
    inspection, letter = _locked(inspection)
    statement, _ = WrittenStatement.objects.select_for_update().get_or_create(inspection=inspection)
    if statement.status == StatementStatus.SENT:
        raise DomainError("__all__", "The statement has been sent: it changes only if the inspectorates ask.")
    if statement.status == StatementStatus.ACCEPTED:
        raise DomainError("__all__", "The statement has been accepted: it cannot change.")
    return inspection, letter, statement


def statement_action_save(
    *,
    user,
    inspection: Inspection,
    recommendation: Recommendation,
    action: StatementAction | None = None,
    text: str,
    agencies: Iterable[Agency],
    due_on: datetime.date | None,
) -> StatementAction:
    """Record an action for a recommendation of the letter, or change one."""
    with transaction.atomic():
        inspection, _letter, statement = _writable(user, inspection)
        if recommendation.inspection_id != inspection.pk:
            raise DomainError("__all__", "That recommendation is not one of this inspection's letter.")
        _part_of(statement, action)
        required_text("text", text, "Enter what will be done")
        agencies = list(agencies)
        if not agencies:
            raise DomainError("agencies", "Choose the agency or agencies that own the action")
        taking_part = set(agencies_taking_part(inspection).values_list("pk", flat=True))
        stray = [a.name for a in agencies if a.pk not in taking_part]
        if stray:
            raise DomainError("agencies", f"{', '.join(stray)} does not take part in this inspection")
        action = action or StatementAction(statement=statement)
        action.recommendation = recommendation
        action.text = text.strip()
        action.due_on = due_on
        action.save()
        action.agencies.set(agencies)
        return action


def _part_of(statement: WrittenStatement, part: StatementAction | StatementAttachment | None) -> None:
    if part is not None and part.statement_id != statement.pk:
        raise DomainError("__all__", f"That {part._meta.verbose_name} belongs to another statement.")


@transaction.atomic
def statement_action_delete(*, user, inspection: Inspection, action: StatementAction) -> None:
    _inspection, _letter, statement = _writable(user, inspection)
    _part_of(statement, action)
    action.delete()


@transaction.atomic
def statement_attach(*, user, inspection: Inspection, document: UploadedFile | None) -> StatementAttachment:
    """A document sent with the statement, checked by its content (`jtai.uploads`)."""
    inspection, _letter, statement = _writable(user, inspection)
    checked = uploads.upload_check(document, field="document")
    name = storage.private_storage.save(
        f"areas/statements/{inspection.reference}-{timezone.now():%Y%m%d%H%M%S}.{checked.extension}", document
    )
    attachment = StatementAttachment(
        statement=statement,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    attachment.file.name = name
    attachment.save()
    return attachment


@transaction.atomic
def statement_attachment_remove(*, user, inspection: Inspection, attachment: StatementAttachment) -> None:
    """A document attached by mistake goes, from the record and from storage, before it is sent."""
    _inspection, _letter, statement = _writable(user, inspection)
    _part_of(statement, attachment)
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.private_storage.delete(name))


@transaction.atomic
def statement_send(*, user, inspection: Inspection) -> WrittenStatement:
    """Send the statement to the inspectorates once nothing is missing; the lead inspector is told.
    The first sending meets the due date: no page calls it overdue after it."""
    inspection, letter, statement = _writable(user, inspection)
    gaps = statement_gaps(
        recommendations=letter_selectors.recommendations_of(inspection),
        actions=statement.actions.all(),
        window=statement_window(inspection, letter),
    )
    if gaps:
        raise DomainError("__all__", "The statement cannot be sent yet: " + "; ".join(g.message for g in gaps) + ".")
    now = timezone.now()
    if statement.first_sent_at is None:
        statement.first_sent_at = now
        statement.is_late = bool(letter.action_plan_due and timezone.localdate(now) > letter.action_plan_due)
    statement.status = StatementStatus.SENT
    statement.sent_at = now
    statement.sent_by = user
    statement._change_reason = "Sent to the inspectorates"
    statement.save()
    milestone_meet(inspection=inspection, key=MilestoneKey.ACTION_PLAN_DUE)
    lead_tell(
        inspection=inspection,
        kind=MessageKind.ACTION_PLAN_RECEIVED,
        key=f"action_plan_received:{statement.pk}:{now:%Y%m%d%H%M%S%f}",
    )
    return statement


@transaction.atomic
def statement_review(*, user, inspection: Inspection, decision: str, reasons: str = "") -> StatementReview:
    """Accept the statement as sent, or ask for changes with reasons; the area is told either way."""
    core.require(reviews_statement(user, inspection), "Only the lead inspector or a manager can review the statement.")
    inspection, _letter = _locked(inspection)
    statement = WrittenStatement.objects.select_for_update().filter(inspection=inspection).first()
    if statement is None or statement.status != StatementStatus.SENT:
        raise DomainError("decision", "Only a statement the area has sent, and not yet reviewed, can be reviewed.")
    required_choice("decision", decision, ReviewDecision, "Choose whether to accept the statement or ask for changes")
    reasons = reasons.strip()
    if decision == ReviewDecision.CHANGES_REQUESTED and not reasons:
        raise DomainError("reasons", "Enter the changes the area must make, and why")
    review = StatementReview.objects.create(statement=statement, decision=decision, reasons=reasons, reviewed_by=user)
    accepted = decision == ReviewDecision.ACCEPTED
    statement.status = StatementStatus.ACCEPTED if accepted else StatementStatus.CHANGES_REQUESTED
    statement._change_reason = "Accepted" if accepted else "Changes asked for"
    statement.save()
    council_tell(
        inspection=inspection,
        kind=MessageKind.STATEMENT_ACCEPTED if accepted else MessageKind.STATEMENT_CHANGES_REQUESTED,
        key=f"statement_review:{review.pk}",
    )
    return review
