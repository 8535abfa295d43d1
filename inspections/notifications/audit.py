"""The messages' part of an inspection's audit trail (`inspections.audit`): who each message was
for and how its sending went. The dispatcher records sending on the row itself (a sent time, a
failure), so those are read from the rows as events."""

from __future__ import annotations

from inspections.audit import Part, Source, inspection_rows

from .models import Message, MessageStatus

MESSAGES = Part("Messages")


def _recipient(message: Message) -> str:
    return message.recipient_name or message.recipient_email or "nobody yet"


def _sent(message: Message) -> str:
    return f"{message.get_kind_display()} sent to {_recipient(message)}"


def _failed(message: Message) -> str:
    return f"{message.get_kind_display()} to {_recipient(message)} not sent: {message.last_error}"


def message_sources(*, inspection) -> list[Source]:
    of = inspection_rows(inspection)
    return [
        MESSAGES.history(
            "Message",
            Message.history.filter(**of),
            "kind",
            excluded={"key", "after", "event", "priority", "ics_sequence", "attempts", "next_attempt_at", "contact"},
        ),
        Source(
            MESSAGES.name,
            "Message",
            Message.objects.filter(**of, sent_at__isnull=False),
            event=_sent,
            date_field="sent_at",
            user_field="",
        ),
        Source(
            MESSAGES.name,
            "Message",
            Message.objects.filter(**of, status=MessageStatus.FAILED),
            event=_failed,
            date_field="updated_at",
            user_field="",
        ),
    ]
