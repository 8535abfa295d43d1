"""The factual-accuracy check: each agency's comments on the draft, the partnership's one
response coordinated by the DCS, the team's decision on each comment, and the final letter.

Keyword-only services, one transaction each, who-may checked here, `DomainError` for input."""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Inspection
from inspections.notifications.models import MessageKind
from inspections.notifications.services import lead_tell
from inspections.services.planning import action_plan_due_refresh
from jtai.errors import DomainError, required_choice, required_text

from . import permissions, selectors
from .models import (
    CommentStatus,
    Decision,
    FactualAccuracyComment,
    FactualAccuracyResponse,
    Letter,
    LetterStatus,
    VersionPurpose,
)
from .renders import letter_version_request


def _letter(inspection: Inspection) -> Letter:
    letter = Letter.objects.select_for_update().select_related("inspection").filter(inspection=inspection).first()
    if letter is None:
        raise DomainError("__all__", "There is no letter for this inspection yet.")
    return letter


def _check_open(letter: Letter) -> None:
    if letter.status != LetterStatus.WITH_AREA:
        raise DomainError("__all__", "The partnership's response has been submitted: comments can no longer change.")


def _check_paragraph(letter: Letter, paragraph) -> int:
    draft = selectors.latest_version(letter, purpose=VersionPurpose.DRAFT)
    count = draft.content.get("paragraph_count", 0) if draft else 0
    try:
        number = int(paragraph)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= count:
        raise DomainError("paragraph", f"Enter the number of a paragraph of the draft, from 1 to {count}.")
    return number


def _check_may_change(user, comment: FactualAccuracyComment) -> None:
    """The coordinator or DCS may change any comment; an agency's contributor their agency's own."""
    inspection = comment.letter.inspection
    if permissions.coordinating_contact(user, inspection) is not None:
        return
    contact = permissions.commenting_contact(user, inspection)
    core.require(
        contact is not None and contact.agency_id is not None and contact.agency_id == comment.agency_id,
        "Only your agency's own comments, or the coordinator, can change this comment.",
    )


@transaction.atomic
def comment_add(
    *, user, inspection: Inspection, paragraph, comment: str, proposed_correction: str = ""
) -> FactualAccuracyComment:
    letter = _letter(inspection)
    contact = permissions.commenting_contact(user, inspection)
    core.require(contact is not None, "Only the area's contacts on this inspection can comment on the draft.")
    _check_open(letter)
    number = _check_paragraph(letter, paragraph)
    required_text("comment", comment, "Enter your comment.")
    return FactualAccuracyComment.objects.create(
        letter=letter,
        contact=contact,
        agency=contact.agency if contact.agency_id else None,
        paragraph=number,
        comment=comment.strip(),
        proposed_correction=proposed_correction.strip(),
    )


@transaction.atomic
def comment_edit(
    *, user, comment: FactualAccuracyComment, paragraph, text: str, proposed_correction: str = ""
) -> FactualAccuracyComment:
    letter = _letter(comment.letter.inspection)
    _check_may_change(user, comment)
    _check_open(letter)
    if comment.status != CommentStatus.OPEN:
        raise DomainError("__all__", "Only an open comment can be changed.")
    required_text("comment", text, "Enter the comment.")
    comment.paragraph = _check_paragraph(letter, paragraph)
    comment.comment = text.strip()
    comment.proposed_correction = proposed_correction.strip()
    comment.save()
    return comment


@transaction.atomic
def comment_withdraw(*, user, comment: FactualAccuracyComment) -> None:
    letter = _letter(comment.letter.inspection)
    _check_may_change(user, comment)
    _check_open(letter)
    comment.status = CommentStatus.WITHDRAWN
    comment.save()


@transaction.atomic
def comment_merge(*, user, comment: FactualAccuracyComment, into: FactualAccuracyComment) -> FactualAccuracyComment:
    """The coordinator folds one comment into another: its words join the other's, and it is kept
    as merged, so what each agency said stays on record."""
    letter = _letter(comment.letter.inspection)
    core.require(
        permissions.coordinating_contact(user, letter.inspection) is not None,
        "Only the DCS or the DCS coordinator can merge comments.",
    )
    _check_open(letter)
    if into.letter_id != letter.pk or into.pk == comment.pk:
        raise DomainError("into", "Choose another comment on this draft to merge it into.")
    if comment.status != CommentStatus.OPEN or into.status != CommentStatus.OPEN:
        raise DomainError("into", "Both comments must be open.")
    into.comment = f"{into.comment}\n\n{comment.comment} ({comment.speaks_for})"
    if comment.proposed_correction:
        into.proposed_correction = "\n\n".join(p for p in (into.proposed_correction, comment.proposed_correction) if p)
    into.save()
    comment.status = CommentStatus.MERGED
    comment.merged_into = into
    comment.save()
    return into


def is_late(letter: Letter, at: datetime.datetime) -> bool:
    return letter.response_due_at is not None and at > letter.response_due_at


@transaction.atomic
def factual_accuracy_respond(*, user, inspection: Inspection, covering_note: str = "") -> FactualAccuracyResponse:
    """The partnership's single response: submitted once, by the DCS or the coordinator. After the
    deadline it is accepted and marked late."""
    letter = _letter(inspection)
    core.require(
        permissions.coordinating_contact(user, inspection) is not None,
        "Only the DCS or the DCS coordinator can submit the partnership's response.",
    )
    if FactualAccuracyResponse.objects.filter(letter=letter).exists():
        raise DomainError("__all__", "The partnership's response has already been submitted.")
    _check_open(letter)
    now = timezone.now()
    response = FactualAccuracyResponse.objects.create(
        letter=letter, submitted_by=user, submitted_at=now, is_late=is_late(letter, now), covering_note=covering_note
    )
    letter.status = LetterStatus.RESPONDED
    letter._change_reason = "Factual-accuracy response submitted" + (" late" if response.is_late else "")
    letter.save()
    lead_tell(inspection=inspection, kind=MessageKind.FACTUAL_ACCURACY_SUBMITTED, key="factual_accuracy_submitted")
    return response


@transaction.atomic
def comment_decide(*, user, comment: FactualAccuracyComment, decision: str, reason: str) -> FactualAccuracyComment:
    letter = _letter(comment.letter.inspection)
    core.require(permissions.decides_comments(user, letter.inspection), "Only the inspection team decides on comments.")
    if letter.status != LetterStatus.RESPONDED:
        raise DomainError("__all__", "Comments are decided once the response is in and before the final letter.")
    if comment.status != CommentStatus.OPEN:
        raise DomainError("__all__", "A merged or withdrawn comment needs no decision.")
    required_choice(
        "decision", decision, Decision, "Choose whether the comment is accepted, partly accepted or rejected."
    )
    required_text("reason", reason, "Enter the reason for the decision.")
    comment.decision = decision
    comment.decision_reason = reason.strip()
    comment.decided_by = user
    comment.decided_at = timezone.now()
    comment.save()
    return comment


@transaction.atomic
def letter_finalise(
    *,
    user,
    inspection: Inspection,
    publication_date: datetime.date | None = None,
    request_key: uuid.UUID | None = None,
) -> Letter:
    """Every comment decided, the team renders the final letter, to be published on
    `publication_date` (the planned day by default) or sooner by the lead or a manager."""
    letter = _letter(inspection)
    core.require(
        permissions.manages_letter(user, inspection), "Only the lead inspector or a manager can make the final letter."
    )
    if letter.status != LetterStatus.RESPONDED:
        raise DomainError("__all__", "The final letter is made once the partnership's response is in.")
    undecided = letter.comments.filter(status=CommentStatus.OPEN, decision="").count()
    if undecided:
        raise DomainError("__all__", f"Decide every comment first: {undecided} still without a decision.")
    if publication_date is None:
        publication_date = selectors.publication_date_kept(inspection)
    elif publication_date < timezone.localdate():
        raise DomainError("publication_date", "The publication date cannot be in the past.")
    letter_version_request(letter=letter, user=user, purpose=VersionPurpose.FINAL, request_key=request_key)
    letter.status = LetterStatus.FINAL
    letter.publication_date = publication_date
    letter._change_reason = "Final letter made"
    letter.save()
    if publication_date is not None:
        # The final letter states the statement's due date from this day: the pages show the same.
        action_plan_due_refresh(inspection=inspection, published_on=publication_date)
    FactualAccuracyResponse.objects.filter(letter=letter).update(decisions_completed_at=timezone.now())
    return letter
