"""What the e-mails about a written statement's review need from this app (given to
`notifications.emails.email_context`): the review they tell of, with its reasons."""

from __future__ import annotations

from inspections.notifications.models import Message, MessageKind

from .statement_models import StatementReview

REVIEW_KINDS = (MessageKind.STATEMENT_ACCEPTED, MessageKind.STATEMENT_CHANGES_REQUESTED)


def statement_email_context(sender, *, message: Message, **kwargs) -> dict:
    if message.kind not in REVIEW_KINDS:
        return {}
    # The key is "statement_review:<review id>:<role>" (`statements.statement_review`).
    _, review_id, _ = message.key.split(":", 2)
    return {"statement_review": StatementReview.objects.filter(pk=int(review_id)).first()}
