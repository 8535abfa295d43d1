"""The area's written statement of action: for each recommendation of the published letter, the
actions the partnership promises, the agencies that own them and their dates; a file may still be
attached. The lead inspector (or a manager) reviews it; once accepted it is read-only, and the
next inspection of the area reads its lines of enquiry from it.

Before this record, the statement was only an uploaded file (`reports.ActionPlanSubmission`);
those files were moved here as attachments of statements already sent (migration 0004).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import Agency, Inspection
from inspections.reports.models import Recommendation
from jtai import storage
from jtai.uploads import KeptUpload


def _private_storage():
    return storage.private_storage


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Being written by the area"
    SENT = "sent", "Sent: waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes asked for"
    ACCEPTED = "accepted", "Accepted"

    @classmethod
    def editable(cls) -> tuple[StatementStatus, ...]:
        """The area writes it until it is sent, and again when the inspectorates ask for changes."""
        return (cls.DRAFT, cls.CHANGES_REQUESTED)


class WrittenStatement(models.Model):
    """One per inspection, made when the area first writes to it."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="written_statement")
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    first_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When it first reached the inspectorates: the due date is met then."
    )
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When it was last sent for review.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(default=False, help_text="First sent after its due date.")
    history = HistoricalRecords()

    def __str__(self):
        return f"Written statement of action, {self.inspection.reference}"

    @property
    def is_editable(self) -> bool:
        return self.status in StatementStatus.editable()

    @property
    def is_accepted(self) -> bool:
        return self.status == StatementStatus.ACCEPTED


class StatementAction(models.Model):
    """One thing the partnership will do about one recommendation."""

    statement = models.ForeignKey(WrittenStatement, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="statement_actions")
    text = models.TextField("action")
    agencies = models.ManyToManyField(Agency, related_name="statement_actions")
    due_on = models.DateField("to be done by", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["recommendation__priority", "recommendation__order", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class StatementAttachment(KeptUpload):
    """A document sent with the statement (PDF, DOCX or ODT, checked by `jtai.uploads`)."""

    statement = models.ForeignKey(WrittenStatement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=_private_storage, upload_to="areas/statements/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accept it"
    CHANGES_REQUESTED = "changes_requested", "Ask for changes"


class StatementReview(models.Model):
    """The lead inspector's (or a manager's) decision on the statement as it was sent."""

    statement = models.ForeignKey(WrittenStatement, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reasons = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} ({self.statement.inspection.reference})"
