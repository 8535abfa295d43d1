"""The week on site: the evidence the team records as it goes, and the emerging findings the lead
records each evening from it.

An evidence record keeps no name of a child or family member: the voice of children and families
is kept as an age band, how the conversation took place and that consent was given. Records are
amended, never overwritten: the history keeps every version with who changed it and when.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import Agency, Inspection, Inspectorate, ScopeArea


class EvidenceKind(models.TextChoices):
    CASE_SAMPLING = "case_sampling", "Case sampling"
    MEETING = "meeting", "Meeting with practitioners, managers or leaders"
    OBSERVATION = "observation", "Observation"
    CHILD = "child", "Conversation with a child or young person"
    FAMILY = "family", "Conversation with a parent or carer"
    DOCUMENT = "document", "Document read"

    @classmethod
    def voices(cls) -> tuple[EvidenceKind, ...]:
        """The kinds that record a child's or a family's voice: they keep an age band, how the
        conversation took place and the consent."""
        return (cls.CHILD, cls.FAMILY)


class Weight(models.TextChoices):
    STRENGTH = "strength", "Strength"
    IMPROVEMENT = "improvement", "Area for improvement"
    CONTEXT = "context", "Context"


class AgeBand(models.TextChoices):
    """The child's age band (for a parent or carer, their child's)."""

    UNDER_5 = "0_4", "Under 5"
    FROM_5 = "5_10", "5 to 10"
    FROM_11 = "11_15", "11 to 15"
    FROM_16 = "16_17", "16 or 17"
    FROM_18 = "18_25", "18 to 25 (a care leaver or young adult)"


class Medium(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    GROUP = "group", "In a group"
    ADVOCATE = "advocate", "Through an advocate"


class EvidenceRecord(models.Model):
    """One thing a member of the team saw, heard or read on site. Its id is a UUID, made by the
    browser for a record kept offline and sent later (so that sending it twice stores it once), or
    by the server for one saved from the form."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence_records")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's inspectorate when they recorded it: the counts per inspectorate stay right if
    # the inspector later moves.
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    occurred_at = models.DateTimeField("when it happened")
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)
    scope_areas = models.ManyToManyField(ScopeArea, related_name="+")
    weight = models.CharField(max_length=20, choices=Weight.choices)
    text = models.TextField()
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    medium = models.CharField("how it took place", max_length=10, choices=Medium.choices, blank=True)
    consent_given = models.BooleanField(default=False)
    # Only for case sampling: one of the inspection's joint samples of an audited case.
    case_sample = models.ForeignKey(
        "case_audits.CaseSample", on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence_records"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    amended_at = models.DateTimeField(null=True, blank=True, editable=False)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False
    )
    history = HistoricalRecords(m2m_fields=[agencies, scope_areas])

    class Meta:
        ordering = ["-occurred_at", "-created_at"]
        indexes = [models.Index(fields=["inspection", "author"]), models.Index(fields=["inspection", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {timezone.localtime(self.occurred_at):%d %b %Y %H:%M}"

    @property
    def is_voice(self) -> bool:
        return self.kind in EvidenceKind.voices()

    @property
    def label(self) -> str:
        """ "Tue 14:30, CQC, observation: Contacts waited two days…", to choose it from a list."""
        moment = timezone.localtime(self.occurred_at)
        summary = " ".join(self.text.split())
        summary = summary if len(summary) <= 90 else summary[:89] + "…"
        return f"{moment:%a %H:%M}, {self.inspectorate.short_name}, {self.get_kind_display().lower()}: {summary}"


class EmergingFinding(models.Model):
    """What the team found, one day on site, for one part of the scope, resting on records."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="emerging_findings")
    day = models.DateField("day on site")
    scope_area = models.ForeignKey(ScopeArea, on_delete=models.PROTECT, related_name="+")
    weight = models.CharField(max_length=20, choices=Weight.choices)
    text = models.TextField()
    records = models.ManyToManyField(EvidenceRecord, related_name="emerging_findings", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[records])

    class Meta:
        ordering = ["day", "scope_area__order", "recorded_at"]

    def __str__(self):
        return f"{self.scope_area} on {self.day:%d %b %Y}"


class EvidenceTally(models.Model):
    """What is left of an inspection's evidence once the retention rule has erased it: how many
    records of each kind each inspectorate made, and the cases it sampled."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence_tallies")
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    records = models.PositiveIntegerField(default=0)
    cases = models.PositiveIntegerField("distinct cases sampled", default=0)

    class Meta:
        ordering = ["inspection", "inspectorate__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspectorate", "kind"], name="one_tally_per_kind"),
        ]

    def __str__(self):
        return f"{self.records} × {self.get_kind_display()} by {self.inspectorate} on {self.inspection.reference}"
