"""What people do with messages: resend a failed one."""

from __future__ import annotations

from celery import current_app
from django.db import transaction
from django.utils import timezone

from inspections import permissions
from inspections.models import Stage
from jtai.errors import DomainError

from .models import Message, MessageStatus

DISPATCH_TASK = "inspections.notifications.tasks.dispatch_due_notifications"


@transaction.atomic
def notification_resend(*, user, message: Message) -> Message:
    """The lead sends a failed message again, now; its moment having passed no longer stops it."""
    message = Message.objects.select_for_update().select_related("inspection").get(pk=message.pk)
    permissions.require(
        permissions.can_manage(user, message.inspection), "Only the lead inspector or a manager can resend messages."
    )
    if message.status != MessageStatus.FAILED:
        raise DomainError(
            "message", f"Only a failed message can be resent; this one is {message.get_status_display().lower()}."
        )
    if message.inspection.stage in Stage.withdrawn():
        raise DomainError(
            "message", f"{message.inspection.reference} is {message.inspection.get_stage_display().lower()}."
        )
    message.status = MessageStatus.SCHEDULED
    message.attempts = 0
    message.next_attempt_at = None
    message.expires_at = None
    message.last_error = ""
    message.due_at = min(message.due_at, timezone.now())
    message.save()
    transaction.on_commit(_kick, robust=True)
    return message


def _kick() -> None:
    """Ask a worker to dispatch now rather than at the next beat; the beat covers a failure.
    Sent by name: a service does not import the tasks that call services."""
    current_app.send_task(DISPATCH_TASK)
