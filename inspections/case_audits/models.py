"""Case audits: the definition (size bands, the documents asked for, per framework version; an
area's child population) and the run (the request, its cases, each agency's evaluation, the
documents and attachments, the joint return, the inspectors' samples, who read what).

Children are identified only by the area's own pseudonymous case reference: no field here asks
for a child's name or date of birth.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.template.defaultfilters import pluralize
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.calendar import govuk_date
from inspections.models import Agency, Area, FrameworkVersion, Inspection, Inspectorate, Person
from jtai import storage
from jtai.uploads import KeptUpload


def private_storage() -> FileSystemStorage:
    # A callable, named in the migrations: the storage itself is jtai.storage's.
    return storage.private_storage


# ---- Definition: per framework version, edited by the admin --------------------------------


class SizeBand(models.Model):
    """The default number of cases for an area whose child population is at least `from_population`."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="case_audit_size_bands")
    from_population = models.PositiveIntegerField("from a child population of")
    cases = models.PositiveSmallIntegerField("default number of cases")
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "from_population"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "from_population"], name="one_band_per_population"),
        ]

    def __str__(self):
        return f"{self.framework}: {self.cases} cases from {self.from_population:,} children"


class RequestedDocument(models.Model):
    """One of the few documents the area is asked for (the seed: keep the documentation minimal)."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="case_audit_documents")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order", "title"]

    def __str__(self):
        return self.title


class AreaProfile(models.Model):
    """What case audits need to know about an area: its child population (kept here so the
    core's Area needs no migration for it)."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="case_audit_profile")
    child_population = models.PositiveIntegerField(help_text="Children aged 0 to 17 living in the area.")
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.area}: {self.child_population:,} children"


# ---- Run ---------------------------------------------------------------------------------------


class Invitation(models.Model):
    """A single-use link for a local contact with no account. Only a hash of the token is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_audit_invitations")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_audit_invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.person.name} ({self.inspection.reference})"

    def is_open(self, now=None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class Contributor(models.Model):
    """Someone an agency puts forward to evaluate the cases it is involved in, added by the coordinator."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_audit_contributors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_audit_contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "person__name"]
        constraints = [models.UniqueConstraint(fields=["inspection", "person"], name="contributor_once_per_inspection")]

    def __str__(self):
        return f"{self.person.name} for {self.agency} on {self.inspection.reference}"


class ReturnStatus(models.TextChoices):
    NOT_SENT = "not_sent", "Request not sent"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class CaseAuditRequest(models.Model):
    """The lead's request to the area, and the area's one joint return."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="case_audit_request")
    cases_number = models.PositiveSmallIntegerField("number of cases")
    number_reason = models.TextField(
        "reason for a number other than the default", blank=True, help_text="Needed when not the default."
    )
    cohort = models.TextField("the cohort", blank=True, help_text="Which children, from the deep-dive theme.")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_SENT)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    late = models.BooleanField(default=False, help_text="Submitted after the case-audit deadline.")
    late_accepted_at = models.DateTimeField(null=True, blank=True)
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Case-audit request for {self.inspection.reference}"

    @property
    def is_sent(self) -> bool:
        return self.status != ReturnStatus.NOT_SENT

    @property
    def is_locked(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED


class AuditCase(models.Model):
    """One case the area is asked to audit jointly, known only by the area's own reference."""

    request = models.ForeignKey(CaseAuditRequest, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(
        "the area's case reference", max_length=40, help_text="The pseudonymous reference the area knows the case by."
    )
    agencies = models.ManyToManyField(Agency, related_name="+", help_text="The agencies involved with the child.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "reference"], name="case_reference_once")]

    def __str__(self):
        return f"Case {self.reference}"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    DONE = "done", "Done"


# What each evaluation answers for every scope area; one home for the questions.
QUESTIONS = [
    ("what_happened", "What happened for the child"),
    ("impact", "The impact of the multi-agency work"),
    ("strengths", "Strengths"),
    ("improvements", "Areas for improvement"),
]


class AgencyEvaluation(models.Model):
    """One involved agency's evaluation of one case, against the scope areas. `answers` holds
    {scope area code: {question key: text}}."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="evaluations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # Who last took it back from done to a draft, until it is marked done again: the case's page says so.
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="taken back to draft by",
    )
    reopened_at = models.DateTimeField("taken back to draft at", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="one_evaluation_per_agency")]

    def __str__(self):
        return f"{self.agency} on case {self.case.reference}"


def _upload_to(instance, filename: str) -> str:
    # Never the uploader's own file name in the path: a random name with the checked type's extension.
    return f"case-audits/{uuid.uuid4().hex}{instance.extension}"


class Attachment(KeptUpload):
    """A file added to one case, only where needed; seen by whoever may see the case."""

    file = models.FileField(storage=private_storage, upload_to=_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="attachments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    history = HistoricalRecords()


class DocumentReturn(models.Model):
    """One requested document: uploaded once, or why it does not exist."""

    request = models.ForeignKey(CaseAuditRequest, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(RequestedDocument, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to=_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    missing_reason = models.TextField("why it does not exist", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document__order", "document__title"]
        constraints = [models.UniqueConstraint(fields=["request", "document"], name="one_return_per_document")]

    extension = KeptUpload.extension

    def __str__(self):
        return f"{self.document} for {self.request.inspection.reference}"

    @property
    def is_answered(self) -> bool:
        return bool(self.file) or bool(self.missing_reason)


class ReopenRequest(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting for the lead inspector"
        GRANTED = "granted", "Reopened"
        REFUSED = "refused", "Refused"

    request = models.ForeignKey(CaseAuditRequest, on_delete=models.CASCADE, related_name="reopen_requests")
    reason = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(decision="pending"), name="one_pending_reopen_request"
            ),
        ]

    def __str__(self):
        return f"Reopen {self.request.inspection.reference}: {self.get_decision_display()}"


class Agreement(models.TextChoices):
    AGREE = "agree", "Agree with the area's audit"
    PARTLY = "partly", "Partly agree"
    DISAGREE = "disagree", "Disagree"


class CaseSample(models.Model):
    """One inspectorate's joint sampling of an audited case on site. Only audited cases can be
    sampled: the only way to make one names an AuditCase of the inspection's request."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="samples")
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, blank=True, help_text="{scope area code: evaluation}")
    evidence = models.TextField("evidence seen", blank=True)
    agreement = models.CharField(max_length=10, choices=Agreement.choices, blank=True)
    agreement_reason = models.TextField("why", blank=True)
    finding_reference = models.CharField(
        max_length=100, blank=True, help_text="A finding of the letter this sample supports, once reports exist."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspectorate__name"]
        constraints = [models.UniqueConstraint(fields=["case", "inspectorate"], name="one_sample_per_inspectorate")]

    def __str__(self):
        return f"{self.inspectorate} sample of case {self.case.reference}"


class AccessLog(models.Model):
    """Who read a case audit's or a sample's free text, and when."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_audit_reads")
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="+", null=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} read {self.what} at {self.at}"


class ErasureRecord(models.Model):
    """That an inspection's case-audit material existed, and when it was erased: what is left once
    the retention period after publication has passed (`retention.py`). One per inspection."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="case_audit_erasure")
    published_on = models.DateField("published on")
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Blank when the daily task erased it.",
    )
    cases = models.PositiveIntegerField(default=0)
    texts = models.PositiveIntegerField("free-text records", default=0)
    files = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    history_rows = models.PositiveIntegerField("history copies blanked", default=0)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self):
        return f"Case-audit material of {self.inspection.reference} erased"

    @property
    def summary(self) -> str:
        """ "Case-audit material erased on 12 March 2018 (7 cases, 12 files)"."""
        day = govuk_date(self.erased_at, weekday=False)
        return (
            f"Case-audit material erased on {day} ({self.cases} case{pluralize(self.cases)}, "
            f"{self.files} file{pluralize(self.files)})"
        )
