"""An area's record: the indicators published about it, what the inspectorates know of it
(intelligence, other evaluations, signs of good practice), and what it promised after an inspection.

England's value for an indicator is a value with no area."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import Area


class Better(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Indicator(models.Model):
    """A measure published about every local authority, read from the column `source_column` of the
    publication's files."""

    name = models.CharField(max_length=200, unique=True)
    unit = models.CharField(max_length=40, help_text="How a value reads: “%”, “per 10,000 children”.")
    better = models.CharField("which direction is better", max_length=10, choices=Better.choices)
    source = models.CharField(
        max_length=300, help_text="The publication, e.g. “Characteristics of children in need”, and its table."
    )
    source_column = models.CharField(
        max_length=100, unique=True, help_text="The column that holds this measure in the publication's CSV files."
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ImportStatus(models.TextChoices):
    AWAITING = "awaiting", "Waiting for confirmation"
    APPLIED = "applied", "Imported"
    DISCARDED = "discarded", "Cancelled"


class IndicatorImport(models.Model):
    """One file of indicator values, kept with who uploaded it and who confirmed it: the record of
    who imported what, when. A file uploaded on the page waits for a manager to confirm what it
    will change; the command applies it at once."""

    original_name = models.CharField(max_length=255)
    content = models.TextField(help_text="The file as uploaded (UTF-8), applied on confirmation.")
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.AWAITING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    # What the file held: years, indicators, counts of values and the columns no indicator names.
    summary = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"Indicator import {self.original_name} ({self.get_status_display().lower()})"


class IndicatorValue(models.Model):
    """One indicator's value for one area (or England, with no area) in one year. A value the
    publication suppressed is kept as not published, with its symbol."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_values")
    # The reporting year by the year it ends: 201415 and 2015 are both 2015 (the year to 31 March 2015).
    year = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    symbol = models.CharField(
        max_length=10, blank=True, help_text="The publication's symbol for a value it did not publish (c, x, z, low…)."
    )
    source_import = models.ForeignKey(IndicatorImport, on_delete=models.PROTECT, related_name="values")

    class Meta:
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], condition=Q(area__isnull=False), name="one_value_per_area_year"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(area__isnull=True), name="one_england_value_per_year"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False, symbol="") | Q(value__isnull=True) & ~Q(symbol=""),
                name="a_value_or_a_symbol",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}, {self.area or 'England'}, {self.year}"

    @property
    def is_published(self) -> bool:
        return self.value is not None


class IntelligenceNote(models.Model):
    """What an inspectorate, government or another body told of an area: for managers only
    (docs/decisions/0012)."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="intelligence_notes")
    source = models.CharField(max_length=200, help_text="Who it came from: “DfE regional adviser”, “CQC”.")
    received_on = models.DateField("date received")
    text = models.TextField("what it says")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Intelligence on {self.area} from {self.source}"


class EvaluationKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    PEER_REVIEW = "peer_review", "Peer review"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    LSCB_ANNUAL_REPORT = "lscb_annual_report", "LSCB annual report"
    SERIOUS_CASE_REVIEW = "serious_case_review", "Serious case review"

    @classmethod
    def inspections(cls) -> tuple[EvaluationKind, ...]:
        """The kinds that are an inspection by another framework (planning warns of them)."""
        return (cls.INSPECTION,)


class OtherEvaluation(models.Model):
    """An evaluation of the area outside this service: another framework's inspection, a peer review…"""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="other_evaluations")
    kind = models.CharField(max_length=30, choices=EvaluationKind.choices)
    title = models.CharField(max_length=300)
    date = models.DateField(help_text="When it took place, or was published.")
    outcome = models.CharField(max_length=300, blank=True, help_text="Its judgement or conclusion, in a few words.")
    url = models.URLField("link", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["area", "kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class GoodPracticeSign(models.TextChoices):
    """What the consultation's Annex 2 says shows where good practice is."""

    VIEWS = "views", "Views of children, families and practitioners"
    INTELLIGENCE = "intelligence", "Intelligence held by government and others"
    PERFORMANCE = "performance", "Local performance data"
    EVALUATIONS = "evaluations", "Other inspections, peer reviews, self-assessments and reviews"
    LEADERSHIP = "leadership", "Leadership and workforce stability"
    RETURN_HOME = "return_home", "Return-home interviews"
    PARENT_LIAISON = "parent_liaison", "Parent liaison officers in exploitation teams"


class GoodPracticeNote(models.Model):
    """A sign of good practice, with the evidence for it: a note, never a score."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="good_practice_notes")
    sign = models.CharField(max_length=30, choices=GoodPracticeSign.choices)
    evidence = models.TextField(help_text="What shows it: what was seen or read, and where.")
    seen_on = models.DateField("date of the evidence")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sign", "-seen_on", "-pk"]

    def __str__(self):
        return f"{self.get_sign_display()}, {self.area}"


# The written statement of action's models live in their own module; importing it here is how
# Django finds them (it looks for an app's models in its models module).
from . import statement_models  # noqa: E402, F401
