"""Where the inspection's meetings are held: the conference call's dial-in details and the
set-up meeting's venue, recorded by the lead. The invitations carry them; a change after they
went sends everyone who holds one an update (the notifications app, on `plan_changed`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jtai.errors import DomainError

from .. import permissions
from ..calendar import govuk_date
from ..models import Inspection, Stage, in_sentence
from ..signals import plan_changed_send

MAX_LENGTH = 1000
# What each field is called in a sentence.
WHAT = {field: Inspection.MEETING_DETAILS_NAMES[key] for key, field in Inspection.MEETING_DETAILS_FIELDS.items()}


def meeting_details_clean(*, field: str, value: str) -> str:
    """The details as stored: trimmed, and no longer than a calendar entry's place should be."""
    value = (value or "").strip()
    if len(value) > MAX_LENGTH:
        raise DomainError(field, f"The {WHAT[field]} must be {MAX_LENGTH} characters or fewer.")
    return value


@transaction.atomic
def inspection_meetings_change(
    *, user, inspection: Inspection, conference_call_details: str, setup_meeting_venue: str
) -> Inspection:
    """Record the conference call's dial-in details and the set-up meeting's venue. Only the
    lead inspector or a manager; not once the inspection is published or cancelled, nor for a
    meeting that has taken place."""
    inspection = Inspection.objects.select_for_update().select_related("framework").get(pk=inspection.pk)
    permissions.require(
        permissions.can_manage(user, inspection),
        "Only the lead inspector or a manager can record where the meetings are held.",
    )
    wanted = {
        "conference_call_details": meeting_details_clean(
            field="conference_call_details", value=conference_call_details
        ),
        "setup_meeting_venue": meeting_details_clean(field="setup_meeting_venue", value=setup_meeting_venue),
    }
    keys = {field: key for key, field in Inspection.MEETING_DETAILS_FIELDS.items()}
    changed = [field for field, value in wanted.items() if value != getattr(inspection, field)]
    if not changed:
        return inspection
    if inspection.stage in Stage.closed():
        raise DomainError(
            changed[0],
            f"{inspection.reference} is {inspection.get_stage_display().lower()}: "
            "where its meetings are held can no longer change.",
        )
    for field in changed:
        milestone = inspection.milestone(keys[field])
        if milestone is not None and milestone.moment <= timezone.now():
            raise DomainError(
                field,
                f"The {in_sentence(inspection.meeting_label(keys[field]))} took place on "
                f"{govuk_date(milestone.date)}: its {WHAT[field]} can no longer change.",
            )
    for field in changed:
        setattr(inspection, field, wanted[field])
    inspection._change_reason = "Meeting details recorded"
    inspection.save()
    # Unsent invitations carry the new details; invitations already sent get an update.
    plan_changed_send(inspection)
    return inspection
