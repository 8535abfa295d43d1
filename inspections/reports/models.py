"""Reports: what an inspection found, the letter of findings it becomes, the partnership's
factual-accuracy response, publication, and the thematic report per deep-dive theme.

Definition apart from run: `LetterTemplate` (one per framework version, edited by an admin) is
the letter's fixed text; the letter of one inspection is composed from it and the findings and
recommendations its team records (`composition.py`). Every rendered PDF is a `LetterVersion`
row, the source of truth for work a worker does (docs/decisions/0001).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import (
    Agency,
    FrameworkVersion,
    Inspection,
    InspectionContact,
    Inspectorate,
    ScopeArea,
    Theme,
    agency_spoken_for,
)
from jtai import storage

private_storage = storage.private_storage


def _private_storage():
    return private_storage


class LetterTemplate(models.Model):
    """The fixed parts of every letter on one framework version. Blank lines separate paragraphs.

    Placeholders: {area}, {reference}, {first_day}, {last_day}, {theme}, {inspectorates},
    {publication_date}, {action_plan_due}, {action_plan_address}, {recommendation_kinds}."""

    framework = models.OneToOneField(FrameworkVersion, on_delete=models.PROTECT, related_name="letter_template")
    title = models.CharField(
        "title pattern",
        max_length=300,
        blank=True,
        help_text="E.g. “Joint inspection of the multi-agency response to {theme} in {area}”; blank for the "
        "framework kind's usual title.",
    )
    action_plan_address = models.CharField(
        "where the written statement of action goes",
        max_length=200,
        default="ProtectionOfChildren@ofsted.gov.uk",
        help_text="The {action_plan_address} of the “what happens next” paragraph.",
    )
    introduction = models.TextField()
    scope = models.TextField()
    what_happens_next = models.TextField()
    action_plan = models.TextField(
        "written statement of action",
        help_text="What the area must send and when; {action_plan_due} is the due date.",
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Letter template for {self.framework}"


class InspectorateNaming(models.Model):
    """How letters name an inspectorate, and where it stands among the others, from a date on.

    Reference data: a letter dated on or after `valid_from` uses this row until a later one
    starts (HMIC became HMICFRS in July 2017)."""

    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="namings")
    valid_from = models.DateField()
    name_in_letter = models.CharField(
        max_length=200, help_text="As the letter's opening names it, e.g. “the Care Quality Commission (CQC)”."
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the lead inspectorate, named first.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["inspectorate", "valid_from"], name="one_naming_per_inspectorate_and_day")
        ]

    def __str__(self):
        return f"{self.name_in_letter} (from {self.valid_from:%d %B %Y})"


class Signatory(models.Model):
    """Who signs letters for an inspectorate between two dates: reference data kept in the admin,
    so that a 2016 letter shows 2016's signatories."""

    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="signatories")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, help_text="As signed, e.g. “National Director, Social Care”.")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="The last day they sign; blank while they still do.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspectorate__code", "-valid_from"]
        verbose_name_plural = "signatories"

    def __str__(self):
        return f"{self.name}, {self.title}"

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The last day must be on or after the first."})


class FindingKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    IMPROVEMENT = "improvement", "Area for improvement"


LEADERSHIP_SCOPE = "leadership"  # the scope area whose findings are judged in two parts


class LeadershipOf(models.TextChoices):
    AGENCIES = "agencies", "The effectiveness and leadership of the agencies"
    LSCB = "lscb", "The effectiveness of the LSCB"


class BearsOn(models.TextChoices):
    FRONT_DOOR = "front_door", "The front door"
    DEEP_DIVE = "deep_dive", "The deep dive"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    scope_area = models.ForeignKey(ScopeArea, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    headline = models.CharField(
        max_length=160,
        help_text="A few words naming the finding, e.g. “Return-home interviews”. The thematic report "
        "groups findings of different letters by it.",
    )
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, blank=True, related_name="findings")
    # The joint case samples the finding rests on: shown to the team, never in the letter (the
    # case references are the area's own, and the letter is published).
    samples = models.ManyToManyField("case_audits.CaseSample", blank=True, related_name="findings")
    # The evidence records of the week on site it rests on: shown to the team, never in the letter.
    records = models.ManyToManyField("fieldwork.EvidenceRecord", blank=True, related_name="findings")
    # A leadership finding says whose leadership it judges and what it bears on: leadership is
    # judged only as it bears on the front door and the deep dive.
    leadership_of = models.CharField(max_length=10, choices=LeadershipOf.choices, blank=True)
    bears_on = models.CharField(max_length=10, choices=BearsOn.choices, blank=True)
    is_key_strength = models.BooleanField(
        "a key strength", default=False, help_text="Chosen by the lead: the letter opens its findings with these."
    )
    case_study = models.TextField(
        "case study of highly effective practice",
        blank=True,
        help_text="Written by the lead from this strength; it may name the agency, never the child.",
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[agencies, samples, records])

    class Meta:
        ordering = ["scope_area__order", "kind", "order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.headline}"


class Priority(models.TextChoices):
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    DEVELOPMENT = "development", "Area for development"


class Addressee(models.TextChoices):
    JOINT = "joint", "The partnership jointly"
    AGENCIES = "agencies", "Named agencies"


class Recommendation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    priority = models.CharField(max_length=20, choices=Priority.choices)
    scope_area = models.ForeignKey(ScopeArea, on_delete=models.PROTECT, related_name="recommendations")
    addressee = models.CharField(max_length=20, choices=Addressee.choices)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="recommendations")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0, help_text="The team's order within its priority.")
    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["priority", "order", "pk"]

    def __str__(self):
        return f"{self.get_priority_display()}: {self.text[:60]}"


class LetterStatus(models.TextChoices):
    DRAFTING = "drafting", "Being written"
    WITH_AREA = "with_area", "Draft with the area for the factual-accuracy check"
    RESPONDED = "responded", "Response received: the team is deciding"
    FINAL = "final", "Final letter ready to publish"
    PUBLISHED = "published", "Published"

    @classmethod
    def final(cls) -> tuple[LetterStatus, ...]:
        """The final letter is made: the area sees it, and it is what is printed and published."""
        return (cls.FINAL, cls.PUBLISHED)


class Letter(models.Model):
    """The letter of findings of one inspection, and where it is on its way to publication."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="letter")
    status = models.CharField(max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFTING)
    draft_sent_at = models.DateTimeField(null=True, blank=True)
    draft_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The end of the working day the factual-accuracy response is due."
    )
    publication_date = models.DateField(
        null=True, blank=True, help_text="Published on this day, unless the lead or a manager publishes it sooner."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_plan_due = models.DateField("written statement of action due", null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Letter of findings, {self.inspection.reference}"

    @property
    def is_published(self) -> bool:
        return self.status == LetterStatus.PUBLISHED

    @property
    def is_final(self) -> bool:
        return self.status in LetterStatus.final()

    @property
    def draft_is_sent(self) -> bool:
        return self.draft_sent_at is not None


class RenderStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    RENDERING = "rendering", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class RenderJob(models.Model):
    """A PDF a worker makes: claimed with a lease (`jtai/leases.py`), rendered outside any
    transaction, recorded only while the claim holds."""

    MAX_ATTEMPTS = 3
    LEASE_SECONDS = 300

    status = models.CharField(max_length=20, choices=RenderStatus.choices, default=RenderStatus.PENDING)
    file = models.FileField(storage=_private_storage, upload_to="reports/", blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.status == RenderStatus.READY and bool(self.file)


class VersionPurpose(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class LetterVersion(RenderJob):
    """One rendered version of a letter: what was composed when it was asked for, frozen."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    purpose = models.CharField(max_length=10, choices=VersionPurpose.choices, default=VersionPurpose.DRAFT)
    content = models.JSONField(help_text="The composed letter, as it was when this version was asked for.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The form that asked carries this key, so a second press of the button asks nothing more.
    request_key = models.UUIDField(default=uuid.uuid4, unique=True)
    # Who asked for which version and whether it was made are history; the composed content (kept
    # on the row) and the worker's bookkeeping are not.
    history = HistoricalRecords(
        excluded_fields=["content", "claim_token", "lease_until", "attempts", "request_key", "checksum", "last_error"]
    )

    class Meta:
        ordering = ["letter", "-number"]
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="one_letter_version_per_number")]
        indexes = [models.Index(fields=["status", "lease_until"], name="letter_version_due")]

    def __str__(self):
        return f"{self.letter.inspection.reference} version {self.number} ({self.get_purpose_display()})"


class CommentStatus(models.TextChoices):
    OPEN = "open", "Open"
    MERGED = "merged", "Merged into another comment"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"


class FactualAccuracyComment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="comments")
    contact = models.ForeignKey(
        InspectionContact, on_delete=models.PROTECT, related_name="+", help_text="The local contact who wrote it."
    )
    agency = agency_spoken_for("The agency it speaks for; blank for the council's DCS or coordinator.")
    paragraph = models.PositiveIntegerField()
    comment = models.TextField()
    proposed_correction = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=CommentStatus.choices, default=CommentStatus.OPEN)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "created_at", "pk"]

    def __str__(self):
        return f"Comment on paragraph {self.paragraph} ({self.get_status_display()})"

    @property
    def speaks_for(self) -> str:
        return self.agency.name if self.agency_id else f"{self.letter.inspection.area.name} council"


class FactualAccuracyResponse(models.Model):
    """The partnership's one response, submitted once by the DCS or their coordinator."""

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="response")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    is_late = models.BooleanField(default=False)
    covering_note = models.TextField(blank=True)
    decisions_completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Factual-accuracy response, {self.letter.inspection.reference}"


# The authors' text of a thematic report, in its order; each edition keeps a copy.
THEMATIC_SECTIONS = ("summary", "key_messages", "what_works_well", "what_needs_to_improve", "case_studies")


class ThematicReport(models.Model):
    """The overview report of one deep-dive theme, as its authors write it. What the public reads
    is its latest published edition (`ThematicEdition`), frozen when a manager published it."""

    theme = models.OneToOneField(Theme, on_delete=models.PROTECT, related_name="thematic_report")
    summary = models.TextField(blank=True)
    # The overview's sections, as its authors write them; beside each the report shows what the
    # service gathers from the letters.
    key_messages = models.TextField(blank=True)
    what_works_well = models.TextField(blank=True)
    what_needs_to_improve = models.TextField(blank=True)
    case_studies = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Thematic report: {self.theme}"


class ThematicEdition(RenderJob):
    """One published edition of a theme's thematic report, frozen when published: the authors'
    text as it was, the letters it covers, and its PDF. A letter published afterwards does not
    enter it; a manager publishes a new edition to take it in, and earlier editions stay readable."""

    report = models.ForeignKey(ThematicReport, on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveIntegerField()
    summary = models.TextField()
    key_messages = models.TextField(blank=True)
    what_works_well = models.TextField(blank=True)
    what_needs_to_improve = models.TextField(blank=True)
    case_studies = models.TextField(blank=True)
    letters = models.ManyToManyField(Letter, related_name="thematic_editions", blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(
        excluded_fields=[
            "claim_token",
            "lease_until",
            "attempts",
            "status",
            "file",
            "checksum",
            "size",
            "rendered_at",
            "last_error",
        ]  # fmt: skip
    )

    class Meta:
        ordering = ["report", "-number"]
        indexes = [models.Index(fields=["status", "lease_until"], name="thematic_edition_due")]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_thematic_edition_number")]

    def __str__(self):
        return f"{self.report}, edition {self.number}"

    @property
    def theme(self) -> Theme:
        return self.report.theme
