"""The definition side: framework versions and their rules, themes, scope areas.

Everything that a later framework may change is a field here, never a constant in code.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class NotificationOrder(models.TextChoices):
    DCS_THEN_PARTNERS = "dcs_then_partners", "The DCS first, then the other agencies' senior leaders"
    COUNCIL_ONLY = "council_only", "The council only (DCS, then the council's own senior leaders)"


class FrameworkVersion(models.Model):
    class Kind(models.TextChoices):
        JOINT = "joint", "Joint targeted area inspection"
        OFSTED_ONLY = "ofsted_only", "Ofsted-only targeted inspection"

    class Convention(models.TextChoices):
        DAY_ZERO = (
            "day0",
            "Notification day is day 0; the notice days lie strictly between it and the first day on site",
        )
        DAY_ONE = "day1", "Notification day counts as day 1 of the notice"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference_prefix = models.CharField(
        max_length=10, help_text="Start of every inspection reference on this framework, e.g. JTAI."
    )
    effective_from = models.DateField()
    is_current = models.BooleanField(
        default=True, help_text="Offered when planning a new inspection of this kind (one current version per kind)."
    )
    inspectorates = models.ManyToManyField("Inspectorate", related_name="framework_versions")

    notice_working_days = models.PositiveSmallIntegerField(default=9)
    notice_convention = models.CharField(max_length=4, choices=Convention.choices, default=Convention.DAY_ZERO)
    notification_time = models.TimeField(default=datetime.time(10, 0))
    conference_call_time = models.TimeField(
        default=datetime.time(14, 0), help_text="On the afternoon of notification day."
    )
    notification_order = models.CharField(
        max_length=30, choices=NotificationOrder.choices, default=NotificationOrder.DCS_THEN_PARTNERS
    )
    case_audits_min = models.PositiveSmallIntegerField(default=5)
    case_audits_max = models.PositiveSmallIntegerField(default=7)
    case_audit_due_working_days_before_onsite = models.PositiveSmallIntegerField(
        default=1, help_text="Case audits are due this many working days before the first day on site."
    )
    case_audit_due_time = models.TimeField(default=datetime.time(17, 0))
    fieldwork_working_days = models.PositiveSmallIntegerField(default=5)
    setup_meeting_time = models.TimeField(default=datetime.time(9, 30))
    feedback_meeting_time = models.TimeField(default=datetime.time(14, 0))
    draft_letter_working_days = models.PositiveSmallIntegerField(
        default=15, help_text="Working days after fieldwork ends that the draft letter goes to the DCS."
    )
    factual_accuracy_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days after the draft letter is sent that the factual-accuracy reply is due."
    )
    publication_working_days = models.PositiveSmallIntegerField(
        default=30, help_text="Working days after fieldwork ends that the letter is published."
    )
    action_plan_working_days = models.PositiveSmallIntegerField(
        default=70, help_text="Working days after publication that the written statement of action is due."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(is_current=True), name="one_current_framework_per_kind"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.case_audits_min > self.case_audits_max:
            errors["case_audits_max"] = "The most case audits cannot be fewer than the fewest."
        if self.fieldwork_working_days < 1:
            errors["fieldwork_working_days"] = "Fieldwork lasts at least one working day."
        if self.notice_convention == self.Convention.DAY_ONE and self.notice_working_days < 1:
            errors["notice_working_days"] = "With notification as day 1 the notice is at least one working day."
        if self.conference_call_time and self.notification_time and self.conference_call_time <= self.notification_time:
            errors["conference_call_time"] = "The conference call is after the notification, on the same day."
        if errors:
            raise ValidationError(errors)


class ScopeArea(models.Model):
    """One of the four parts an inspection's scope covers."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A deep-dive theme, published apart from the generic framework so themes can change."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    framework_versions = models.ManyToManyField(FrameworkVersion, related_name="themes")
    is_active = models.BooleanField(default=True, help_text="Offered when planning a new inspection.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "name"]

    def __str__(self):
        return self.name
