"""The outcome: "you said, we did" entries and publication of the report and tables."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from jtai.errors import DomainError, required_text

from .models import Consultation, Outcome, Question
from .permissions import require_change
from .report_pdf import report_pdf_request, report_pdf_withdraw


def _check(*, consultation: Consultation, question: Question | None, you_said: str, we_did: str) -> None:
    required_text("you_said", you_said, "Enter what respondents said.")
    required_text("we_did", we_did, "Enter what changed as a result.")
    if question is not None and question.consultation_id != consultation.pk:
        raise DomainError("question", "Choose a question of this consultation.")


@transaction.atomic
def outcome_add(*, consultation: Consultation, question: Question | None, you_said: str, we_did: str, user) -> Outcome:
    require_change(user)
    _check(consultation=consultation, question=question, you_said=you_said, we_did=we_did)
    outcome = Outcome.objects.create(
        consultation=consultation,
        question=question,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        position=consultation.outcomes.count(),
    )
    report_pdf_request(consultation=consultation)
    return outcome


@transaction.atomic
def outcome_update(*, outcome: Outcome, question: Question | None, you_said: str, we_did: str, user) -> Outcome:
    require_change(user)
    outcome = Outcome.objects.select_for_update().select_related("consultation").get(pk=outcome.pk)
    _check(consultation=outcome.consultation, question=question, you_said=you_said, we_did=we_did)
    outcome.question, outcome.you_said, outcome.we_did = question, you_said.strip(), we_did.strip()
    outcome.save(update_fields=["question", "you_said", "we_did"])
    report_pdf_request(consultation=outcome.consultation)
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, user) -> None:
    require_change(user)
    consultation = outcome.consultation
    outcome.delete()
    report_pdf_request(consultation=consultation)


@transaction.atomic
def consultation_publish(*, consultation: Consultation, user) -> Consultation:
    require_change(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_published:
        consultation.published_at = timezone.now()
        consultation.published_by = user
        consultation.save(update_fields=["published_at", "published_by"])
    # Publishing again remakes the PDF from the report as it is now.
    report_pdf_request(consultation=consultation)
    return consultation


@transaction.atomic
def consultation_unpublish(*, consultation: Consultation, user) -> Consultation:
    require_change(user)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_published:
        consultation.published_at = None
        consultation.published_by = None
        consultation.save(update_fields=["published_at", "published_by"])
    report_pdf_withdraw(consultation=consultation)
    return consultation
