"""Move an inspection through its stages: the only way its stage changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from .. import permissions
from ..models import Inspection, StageChange
from ..notifications import notifications_sync
from .planning import timeline_refresh

# Transitions a person may make from the inspection page; `notify` belongs to the
# notification dispatcher, which sends the DCS's message and then moves the stage.
MANUAL_TRANSITIONS = {
    "start_fieldwork": "Start fieldwork",
    "finish_fieldwork": "Finish fieldwork",
    "start_factual_accuracy": "Start the factual accuracy check",
    "publish": "Mark as published",
    "postpone": "Postpone",
    "replan": "Plan again",
    "cancel": "Cancel the inspection",
}
SYSTEM_TRANSITIONS = {"notify"}
# Changes that tell people or cannot be undone: the page asks before making them.
NEEDS_CONFIRMATION = {
    "cancel": (
        "Cancelling is final. Messages not yet sent are withdrawn, and everyone invited to a meeting "
        "still ahead is sent a cancellation."
    ),
    "postpone": (
        "Messages not yet sent are withdrawn, and everyone invited to a meeting still ahead is sent a "
        "cancellation. You can plan the inspection again later, with a new week on site."
    ),
}


class StageError(ValueError):
    pass


def _check_replan(inspection: Inspection) -> None:
    """Planned again, the inspection is notified afresh: its whole timeline follows the week on
    site, and the new notification must still lie ahead."""
    timeline_refresh(inspection=inspection, keep_notification=False)
    if inspection.notification_at <= timezone.now():
        raise StageError(
            f"Planned again for {inspection.onsite_start:%-d %B %Y}, {inspection.reference} would have to be notified "
            f"on {timezone.localtime(inspection.notification_at):%A %-d %B %Y}, which has passed. "
            "Choose a later week on site first."
        )


def available_transitions(*, user, inspection: Inspection) -> list[tuple[str, str]]:
    if not permissions.can_manage(user, inspection):
        return []
    return [(name, label) for name, label in MANUAL_TRANSITIONS.items() if can_proceed(getattr(inspection, name))]


def transition_check(*, user, inspection: Inspection, name: str) -> None:
    """Raise unless `user` (None for the system) may make transition `name` now."""
    if name not in MANUAL_TRANSITIONS and name not in SYSTEM_TRANSITIONS:
        raise StageError(f"There is no stage change called “{name}”.")
    if user is None:
        if name not in SYSTEM_TRANSITIONS:
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
def inspection_transition(*, user, inspection: Inspection, name: str, reason: str = "") -> Inspection:
    """Apply transition `name`, recording who made it. `user` is None for the system."""
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    transition_check(user=user, inspection=locked, name=name)
    method = getattr(locked, name)
    from_stage = locked.stage
    method()
    if name == "replan":
        _check_replan(locked)
    locked._change_reason = reason or MANUAL_TRANSITIONS.get(name, name)
    locked.save()
    StageChange.objects.create(inspection=locked, from_stage=from_stage, to_stage=locked.stage, by=user, reason=reason)
    # Postponing or cancelling withdraws unsent messages; planning again re-plans them.
    notifications_sync(inspection=locked)
    return locked
