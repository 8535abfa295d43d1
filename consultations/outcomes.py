"""The outcome: "you said, we did" entries and publication of the report and tables."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Consultation, Outcome, Question
from .permissions import require_change


@transaction.atomic
def outcome_add(*, consultation: Consultation, question: Question | None, you_said: str, we_did: str, user) -> Outcome:
    require_change(user)
    errors = {}
    if not you_said.strip():
        errors["you_said"] = "Enter what respondents said."
    if not we_did.strip():
        errors["we_did"] = "Enter what changed as a result."
    if question is not None and question.consultation_id != consultation.pk:
        errors["question"] = "Choose a question of this consultation."
    if errors:
        raise ValidationError(errors)
    return Outcome.objects.create(
        consultation=consultation,
        question=question,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        position=consultation.outcomes.count(),
    )


@transaction.atomic
def outcome_delete(*, outcome: Outcome, user) -> None:
    require_change(user)
    outcome.delete()


@transaction.atomic
def consultation_publish(*, consultation: Consultation, user) -> Consultation:
    require_change(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_published:
        consultation.published_at = timezone.now()
        consultation.published_by = user
        consultation.save(update_fields=["published_at", "published_by"])
    return consultation


@transaction.atomic
def consultation_unpublish(*, consultation: Consultation, user) -> Consultation:
    require_change(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_published:
        consultation.published_at = None
        consultation.published_by = None
        consultation.save(update_fields=["published_at", "published_by"])
    return consultation
