"""What people do with messages: resend a failed one; queue a one-off message."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from inspections import permissions
from inspections.models import InspectionContact, Stage
from jtai.errors import DomainError
from jtai.queues import queue_after_commit

from .models import LEAD_TOLD_KINDS, ONE_OFF_KINDS, UNSENT, Message, MessageStatus, mail_address
from .selectors import lead_inspector

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
    _kick()
    return message


def message_queue(
    *,
    inspection,
    kind: str,
    key: str,
    contact=None,
    inspector=None,
    recipient_name: str,
    recipient_email: str,
    milestone_key: str = "",
    dates: dict | None = None,
) -> Message:
    """Queue a one-off message (`ONE_OFF_KINDS`) to go now, in the caller's transaction. A message
    with the same key still unsent is kept rather than doubled. `dates` are what it tells that
    the inspection's milestones do not hold (a due date the reports app keeps)."""
    if kind not in ONE_OFF_KINDS:
        raise DomainError("kind", f"{kind} is made by the message plan, not queued by hand.")
    existing = Message.objects.filter(inspection=inspection, key=key, status__in=UNSENT).first()
    if existing is not None:
        return existing
    message = Message.objects.create(
        inspection=inspection,
        kind=kind,
        key=key,
        contact=contact,
        inspector=inspector,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        milestone_key=milestone_key,
        dates=dates or {},
        due_at=timezone.now(),
        priority=45,
    )
    _kick()
    return message


def lead_tell(*, inspection, kind: str, key: str) -> Message | None:
    """Tell the inspection's lead inspector that the area has acted (`LEAD_TOLD_KINDS`), in the
    caller's transaction; nothing when no lead is recorded."""
    if kind not in LEAD_TOLD_KINDS:
        raise DomainError("kind", f"{kind} is not a message to the lead inspector.")
    lead = lead_inspector(inspection)
    if lead is None:
        return None
    return message_queue(
        inspection=inspection,
        kind=kind,
        key=key,
        inspector=lead,
        recipient_name=lead.name,
        recipient_email=lead.user.email,
    )


def council_tell(*, inspection, kind: str, key: str, dates: dict | None = None) -> list[Message]:
    """Tell the DCS and the DCS coordinator, who answer for the council, in the caller's
    transaction: one message each (`key` with their role appended), one per address."""
    told, queued = set(), []
    contacts = inspection.contacts.filter(role__in=InspectionContact.COUNCIL_ROLES).select_related("person")
    for contact in contacts.order_by("role"):
        address = mail_address(contact.person.email)
        if not address or address in told:
            continue
        told.add(address)
        queued.append(
            message_queue(
                inspection=inspection,
                kind=kind,
                key=f"{key}:{contact.role}",
                contact=contact,
                recipient_name=contact.person.name,
                recipient_email=contact.person.email,
                dates=dates,
            )
        )
    return queued


def _kick() -> None:
    """Ask a worker to dispatch now rather than at the next beat, once the message is committed;
    the beat covers a broker that cannot be reached."""
    queue_after_commit(DISPATCH_TASK, robust=True)
