"""The stage changes of an inspection: which exist, what people call them, which ask first,
and which a user may make now. The stage machine itself is on `Inspection`; the service that
makes a change is `services.stages.inspection_transition`."""

from __future__ import annotations

from django_fsm import can_proceed

from . import permissions
from .models import Inspection

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
# Made by a person, or by the system when their day comes (a final letter's publication date).
SCHEDULED_TRANSITIONS = {"publish"}
# Made by the services that do the work they stand for (sending the draft letter, publishing the
# letter: the letter pages), so the inspection page offers no bare button for them.
WORK_TRANSITIONS = {"start_factual_accuracy", "publish"}
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


def available_transitions(*, user, inspection: Inspection) -> list[tuple[str, str]]:
    if not permissions.can_manage(user, inspection):
        return []
    return [
        (name, label)
        for name, label in MANUAL_TRANSITIONS.items()
        if name not in WORK_TRANSITIONS and can_proceed(getattr(inspection, name))
    ]
