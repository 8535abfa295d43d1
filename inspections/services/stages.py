"""Move an inspection through its stages: the only way its stage changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from jtai.errors import DomainError

from .. import permissions
from ..calendar import govuk_date
from ..models import Inspection, StageChange
from ..signals import plan_changed_send
from ..transitions import MANUAL_TRANSITIONS, SCHEDULED_TRANSITIONS, SYSTEM_TRANSITIONS, WORK_TRANSITIONS
from .planning import action_plan_due_refresh, factual_accuracy_due_refresh, timeline_refresh


class StageError(DomainError):
    def __init__(self, message: str, field: str = "transition"):
        super().__init__(field, message)


def _check_replan(inspection: Inspection) -> None:
    """Planned again, the inspection is notified afresh: its whole timeline follows the week on
    site, and the new notification must still lie ahead."""
    timeline_refresh(inspection=inspection, keep_notification=False)
    if inspection.notification_at <= timezone.now():
        raise StageError(
            f"Planned again for {govuk_date(inspection.onsite_start, weekday=False)}, {inspection.reference} would "
            f"have to be notified on {govuk_date(inspection.notification_at)}, which has passed. "
            "Choose a later week on site first."
        )


# Where the work that makes each of WORK_TRANSITIONS is done, for a bare stage change asking it.
_DONE_BY_WORK = {
    "start_factual_accuracy": (
        "The factual accuracy check starts when the draft letter is sent to the area: send it from the letter page."
    ),
    "publish": (
        "An inspection is published with its letter: publish the final letter from the letter page, "
        "or it is published on its publication date."
    ),
}


def transition_check(*, user, inspection: Inspection, name: str, bare: bool = False) -> None:
    """Raise unless `user` (None for the system) may make transition `name` now. A `bare` change
    (the inspection page's stage buttons) may not make a change that stands for work done
    elsewhere: the stage would say a letter was sent or published when none was."""
    if name not in MANUAL_TRANSITIONS and name not in SYSTEM_TRANSITIONS:
        raise StageError(f"There is no stage change called “{name}”.")
    if bare and name in WORK_TRANSITIONS:
        raise StageError(_DONE_BY_WORK[name])
    if user is None:
        if name not in SYSTEM_TRANSITIONS and name not in SCHEDULED_TRANSITIONS:
            raise StageError(f"“{name}” must be made by a person.")
    else:
        if name in SYSTEM_TRANSITIONS:
            raise StageError("The inspection moves to notified when the DCS's notification is sent.")
        permissions.require(
            permissions.can_manage(user, inspection), "Only the lead inspector or a manager can change the stage."
        )
    if not can_proceed(getattr(inspection, name)):
        raise StageError(
            f"{inspection.reference} is “{inspection.get_stage_display()}”: "
            f"“{MANUAL_TRANSITIONS.get(name, name)}” is not possible from there."
        )


@transaction.atomic
def inspection_transition(
    *, user, inspection: Inspection, name: str, reason: str = "", bare: bool = False
) -> Inspection:
    """Apply transition `name`, recording who made it. `user` is None for the system; `bare` as
    for `transition_check`."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    transition_check(user=user, inspection=locked, name=name, bare=bare)
    method = getattr(locked, name)
    from_stage = locked.stage
    method()
    if name == "replan":
        _check_replan(locked)
    if name == "start_factual_accuracy":
        # Entering the check is the draft letter going to the DCS: the response is due from today.
        factual_accuracy_due_refresh(inspection=locked, draft_sent_on=timezone.localdate())
    if name == "publish":
        # The written statement of action is due from the day of publication, not the planned one.
        action_plan_due_refresh(inspection=locked, published_on=timezone.localdate())
    locked._change_reason = reason or MANUAL_TRANSITIONS.get(name, name)
    locked.save()
    StageChange.objects.create(inspection=locked, from_stage=from_stage, to_stage=locked.stage, by=user, reason=reason)
    # Postponing or cancelling withdraws unsent messages; planning again re-plans them.
    plan_changed_send(locked)
    return locked
