"""Publication: the final letter goes public on its publication date, or sooner when the lead or a
manager publishes it; then the area's written statement of action is due (the areas app records
it). Before publication nothing of a letter is public, not even that one exists."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Inspection, Stage
from inspections.notifications.models import MessageKind
from inspections.notifications.services import council_tell
from inspections.services import inspection_transition
from inspections.services.planning import action_plan_due_refresh
from jtai.errors import DomainError

from . import permissions, selectors
from .models import Letter, LetterStatus, VersionPurpose

logger = logging.getLogger(__name__)


@transaction.atomic
def letter_publish(*, user, inspection: Inspection) -> Letter:
    """Publish the final letter now. `user` is None when its publication date has come."""
    inspection = Inspection.objects.select_for_update().select_related("framework").get(pk=inspection.pk)
    if user is not None:
        core.require(permissions.manages_letter(user, inspection), "Only the lead inspector or a manager can publish.")
    letter = Letter.objects.select_for_update().filter(inspection=inspection).first()
    if letter is None or letter.status != LetterStatus.FINAL:
        raise DomainError("__all__", "Only a final letter, with every comment decided, can be published.")
    final = selectors.latest_version(letter, purpose=VersionPurpose.FINAL)
    if final is None or not final.is_ready:
        raise DomainError("__all__", "The final letter's PDF is still being made: publish it when it is ready.")
    if inspection.stage != Stage.PUBLISHED:
        inspection_transition(user=user, inspection=inspection, name="publish", reason="Letter of findings published")
    now = timezone.now()
    letter.status = LetterStatus.PUBLISHED
    letter.published_at = now
    letter.published_by = user
    # One due date: the stored milestone, moved to follow the day of publication, and the letter's.
    letter.action_plan_due = action_plan_due_refresh(inspection=inspection, published_on=timezone.localdate(now))
    letter._change_reason = "Published" if user else "Published on its publication date"
    letter.save()
    _tell_action_plan_due(inspection=inspection, letter=letter)
    return letter


def _tell_action_plan_due(*, inspection: Inspection, letter: Letter) -> None:
    """The DCS and the coordinator, who send the written statement of action, are told what is
    due, by when and where to send it."""
    council_tell(
        inspection=inspection,
        kind=MessageKind.ACTION_PLAN_DUE,
        key="action_plan_due",
        dates={"action_plan_due": letter.action_plan_due.isoformat()},
    )


def letters_publish_due() -> int:
    """Publish the final letters whose publication date has come; the beat runs it every minute.
    Selects by status, so a second run finds nothing more to do. A letter whose final PDF is not
    ready yet waits for the next run."""
    published = 0
    due = Letter.objects.filter(status=LetterStatus.FINAL, publication_date__lte=timezone.localdate())
    for letter in due.select_related("inspection"):
        try:
            letter_publish(user=None, inspection=letter.inspection)
        except DomainError as error:
            logger.info("%s not published yet: %s", letter.inspection.reference, error.message)
        else:
            published += 1
    return published
