"""The run side: one inspection of one area, its team, its stored milestones and its stage."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from ..calendar import deadline_moment
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

    # The groups every rule about stages reads; one home each.
    @classmethod
    def closed(cls) -> tuple[Stage, ...]:
        """Nothing more happens: contacts and team are a record, nobody else is told anything."""
        return (cls.PUBLISHED, cls.CANCELLED)

    @classmethod
    def withdrawn(cls) -> tuple[Stage, ...]:
        """Off for now or for good: unsent messages are withdrawn, meetings ahead cancelled."""
        return (cls.POSTPONED, cls.CANCELLED)

    @classmethod
    def until_fieldwork_ends(cls) -> tuple[Stage, ...]:
        """Its week on site is ahead or under way (so it still occupies its inspectors); not
        reporting, postponed or cancelled."""
        return (cls.PLANNED, cls.NOTIFIED, cls.ON_SITE)

    @classmethod
    def before_fieldwork(cls) -> tuple[Stage, ...]:
        """Its week on site is ahead, and neither postponed nor cancelled."""
        return (cls.PLANNED, cls.NOTIFIED)

    @classmethod
    def notified_until_fieldwork_ends(cls) -> tuple[Stage, ...]:
        """The area has been told and the week on site has not ended."""
        return (cls.NOTIFIED, cls.ON_SITE)

    @classmethod
    def fieldwork_and_reporting(cls) -> tuple[Stage, ...]:
        """On site, or writing up what was found there."""
        return (cls.ON_SITE, cls.REPORTING)

    @classmethod
    def not_yet_notified(cls) -> tuple[Stage, ...]:
        """The area has not been told (a postponed inspection is notified afresh when replanned)."""
        return (cls.PLANNED, cls.POSTPONED)

    @classmethod
    def closed_or_withdrawn(cls) -> tuple[Stage, ...]:
        """Nothing more is asked of anyone: published, postponed or cancelled."""
        return (*cls.closed(), *cls.withdrawn())

    @classmethod
    def reschedulable(cls) -> tuple[Stage, ...]:
        """Its week on site may still move."""
        return (cls.PLANNED, cls.NOTIFIED, cls.POSTPONED)


class MilestoneKey(models.TextChoices):
    """The milestones of a timeline, in the order they fall."""

    NOTIFICATION = "notification", "Notification to the Director of Children's Services"
    CONFERENCE_CALL = "conference_call", "Conference call with local senior leaders"
    CASE_AUDIT_DEADLINE = "case_audit_deadline", "Case audits due from the area"
    ONSITE_START = "onsite_start", "First day on site"
    SETUP_MEETING = "setup_meeting", "Joint set-up meeting"
    ONSITE_END = "onsite_end", "Last day on site"
    FEEDBACK_MEETING = "feedback_meeting", "Joint feedback meeting with all agencies"
    DRAFT_LETTER_DUE = "draft_letter_due", "Draft letter of findings to the DCS"
    FACTUAL_ACCURACY_DUE = "factual_accuracy_due", "Factual-accuracy response due"
    PUBLICATION_DUE = "publication_due", "Letter of findings published"
    ACTION_PLAN_DUE = "action_plan_due", "Written statement of action due"


# An Ofsted-only inspection involves the council and its LSCB alone: its meetings are neither
# "joint" nor "with all agencies". The labels above are the joint inspection's.
_OFSTED_ONLY_LABELS = {
    MilestoneKey.CONFERENCE_CALL: "Conference call with the council and its LSCB",
    MilestoneKey.SETUP_MEETING: "Set-up meeting",
    MilestoneKey.FEEDBACK_MEETING: "Feedback meeting with the council",
}


def meeting_label(key: str, kind: str) -> str:
    """What a milestone or meeting is called on an inspection of `kind` (a `FrameworkVersion.Kind`
    value): the one home of that wording, read by the stored timeline, the e-mails, the
    calendar files and the pages."""
    if kind == FrameworkVersion.Kind.OFSTED_ONLY and key in _OFSTED_ONLY_LABELS:
        return _OFSTED_ONLY_LABELS[key]
    return MilestoneKey(key).label


# Words that keep their capital mid-sentence.
PROPER_NOUNS = ("Ofsted",)


def in_sentence(label: str) -> str:
    """A label mid-sentence: its first letter lower case, the rest (LSCB, DCS) as written; a label
    that starts with a name or an abbreviation ("Ofsted-only…", "DCS coordinator") as written."""
    first = label.split(" ", 1)[0].split("-", 1)[0]
    if first in PROPER_NOUNS or (len(first) > 1 and first.isupper()):
        return label
    return label[:1].lower() + label[1:]


class ChosenBecause(models.TextChoices):
    """Why the inspectorates chose the area."""

    CONCERN = "concern", "Concern"
    GOOD_PRACTICE = "good_practice", "Good practice to learn from and share"
    ROTATION = "rotation", "Rotation: not inspected for some time"


class Inspection(models.Model):
    reference = models.CharField(max_length=30, unique=True, editable=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="inspections")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="inspections")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="inspections", null=True, blank=True
    )
    onsite_start = models.DateField("first day on site")
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Changed only by the transition methods below, which the stage services call.
    stage = FSMField(default=Stage.PLANNED, choices=Stage.choices)
    concern = models.TextField(
        blank=True,
        help_text="Ofsted-only inspections: the concern about the council that prompted the inspection.",
    )
    chosen_because = models.CharField(
        "why this area was chosen", max_length=20, choices=ChosenBecause.choices, blank=True
    )
    proportionality_decision = models.TextField(
        "why not a full inspection",
        blank=True,
        help_text="Ofsted-only inspections: why a full inspection of the local authority would be disproportionate.",
    )
    proportionality_decided_by = models.ForeignKey(
        Inspector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proportionality decided by",
    )
    conference_call_details = models.TextField(
        "conference call dial-in",
        blank=True,
        help_text="The dial-in number and access code (or link) for the conference call on notification day.",
    )
    setup_meeting_venue = models.TextField(
        "set-up meeting venue",
        blank=True,
        help_text="Where the joint set-up meeting is held on the first day on site.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The planning form's token: the same form sent twice plans one inspection (services.planning).
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["created_at", "idempotency_key"])

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

    @property
    def is_ofsted_only(self) -> bool:
        return self.framework.kind == FrameworkVersion.Kind.OFSTED_ONLY

    def meeting_label(self, key: str) -> str:
        return meeting_label(key, self.kind)

    # Which field holds where each meeting is: the conference call's dial-in, the set-up meeting's venue.
    MEETING_DETAILS_FIELDS = {
        MilestoneKey.CONFERENCE_CALL: "conference_call_details",
        MilestoneKey.SETUP_MEETING: "setup_meeting_venue",
    }
    # What those details are called in a sentence ("the lead inspector will send the venue").
    MEETING_DETAILS_NAMES = {
        MilestoneKey.CONFERENCE_CALL: "dial-in details",
        MilestoneKey.SETUP_MEETING: "venue",
    }

    def meeting_details(self, key: str) -> str:
        """What the lead recorded about where a meeting is held; blank when nothing is recorded yet."""
        field = self.MEETING_DETAILS_FIELDS.get(key)
        return getattr(self, field) if field else ""

    def milestone(self, key: str) -> Milestone | None:
        """A stored milestone by key; uses prefetched milestones when there are some."""
        return next((m for m in self.milestones.all() if m.key == key), None)

    @property
    def notification_at(self):
        """When the DCS is (or was to be) told: stored once, as the notification milestone."""
        milestone = self.milestone(MilestoneKey.NOTIFICATION)
        return milestone.moment if milestone else None

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
    key = models.CharField(max_length=40, choices=MilestoneKey.choices)
    label = models.CharField(max_length=200)
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    met_at = models.DateTimeField(
        null=True, blank=True, help_text="When what was due was done (the area sent its written statement of action)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "key"], name="one_milestone_per_key")]

    def __str__(self):
        return f"{self.label}: {self.date}"

    @property
    def moment(self) -> datetime.datetime:
        """Its time on its day, or the end of its day when it has no time (a deadline)."""
        return deadline_moment(self.date, self.time)


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
