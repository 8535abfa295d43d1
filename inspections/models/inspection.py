"""The run side: one inspection of one area, its team, its stored milestones and its stage."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from .framework import FrameworkVersion, Theme
from .programme import Programme
from .reference import Area, Inspector


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    NOTIFIED = "notified", "Notified"
    ON_SITE = "on_site", "On site"
    REPORTING = "reporting", "Reporting"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
    PUBLISHED = "published", "Published"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class Inspection(models.Model):
    reference = models.CharField(max_length=30, unique=True, editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="inspections")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="inspections")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="inspections", null=True, blank=True
    )
    onsite_start = models.DateField("first day on site")
    notification_at = models.DateTimeField(
        "notification due", help_text="When the DCS is to be told, from the framework's notice rules."
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Changed only by the transition methods below, which the stage services call.
    stage = FSMField(default=Stage.PLANNED, choices=Stage.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["onsite_start", "reference"]
        indexes = [models.Index(fields=["stage", "onsite_start"])]

    def __str__(self):
        return f"{self.reference} {self.area}"

    @property
    def kind(self) -> str:
        return self.framework.kind

    def get_kind_display(self) -> str:
        return self.framework.get_kind_display()

    @property
    def is_notified(self) -> bool:
        return self.notified_at is not None

    # Transitions. Guarded by source stage; services lock the row, check who acts and log it.
    @transition(field=stage, source=Stage.PLANNED, target=Stage.NOTIFIED)
    def notify(self):
        self.notified_at = timezone.now()

    @transition(field=stage, source=Stage.NOTIFIED, target=Stage.ON_SITE)
    def start_fieldwork(self):
        pass

    @transition(field=stage, source=Stage.ON_SITE, target=Stage.REPORTING)
    def finish_fieldwork(self):
        pass

    @transition(field=stage, source=Stage.REPORTING, target=Stage.FACTUAL_ACCURACY)
    def start_factual_accuracy(self):
        pass

    @transition(field=stage, source=Stage.FACTUAL_ACCURACY, target=Stage.PUBLISHED)
    def publish(self):
        pass

    @transition(field=stage, source=[Stage.PLANNED, Stage.NOTIFIED], target=Stage.POSTPONED)
    def postpone(self):
        pass

    @transition(field=stage, source=Stage.POSTPONED, target=Stage.PLANNED)
    def replan(self):
        # A replanned inspection is notified afresh.
        self.notified_at = None

    @transition(field=stage, source=[Stage.PLANNED, Stage.NOTIFIED, Stage.POSTPONED], target=Stage.CANCELLED)
    def cancel(self):
        pass


class TeamMembership(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="memberships")
    is_lead = models.BooleanField("lead inspector", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "inspector__user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="inspector_once_per_team"),
            models.UniqueConstraint(
                fields=["inspection"], condition=models.Q(is_lead=True), name="one_lead_per_inspection"
            ),
        ]

    def __str__(self):
        return f"{self.inspector} on {self.inspection.reference}{' (lead)' if self.is_lead else ''}"


class Milestone(models.Model):
    """A stored milestone; the timeline service recomputes them when the dates move."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="milestones")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "key"], name="one_milestone_per_key")]

    def __str__(self):
        return f"{self.label}: {self.date}"


class StageChange(models.Model):
    """Who moved an inspection from which stage to which, and when."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when the system made the change (e.g. the notification dispatcher).",
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.inspection.reference}: {self.from_stage} → {self.to_stage}"
