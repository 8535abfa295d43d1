"""Who an inspection tells, and every message it sends: the rows the dispatcher works from.

The database is the source of truth for due work (docs/decisions/0001): a message is a row
with a due time and a status, never a long Celery countdown.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from inspections.models import Inspection, InspectionContact, Inspector, MilestoneKey


def mail_address(email: str) -> str:
    """An address as mail servers compare it: the same mailbox, whatever the case or spaces."""
    return email.strip().lower()


class CalendarEvent(models.Model):
    """A meeting an inspection invites people to, with the iCalendar SEQUENCE of its invites.

    The SEQUENCE goes up each time the meeting moves, changes place or is cancelled after an
    invite went out, so calendar programs replace the old entry instead of adding a second one.
    What a meeting is called on a given inspection is `Inspection.meeting_label`.
    """

    class Key(models.TextChoices):
        CONFERENCE_CALL = MilestoneKey.CONFERENCE_CALL.value, MilestoneKey.CONFERENCE_CALL.label
        SETUP_MEETING = MilestoneKey.SETUP_MEETING.value, MilestoneKey.SETUP_MEETING.label
        FEEDBACK_MEETING = MilestoneKey.FEEDBACK_MEETING.value, MilestoneKey.FEEDBACK_MEETING.label

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="calendar_events")
    key = models.CharField(max_length=30, choices=Key.choices)
    starts_at = models.DateTimeField()
    sequence = models.PositiveIntegerField(default=0)
    cancelled = models.BooleanField(default=False)
    location = models.TextField(
        blank=True,
        help_text="Where the invitations now say the meeting is: the dial-in or venue recorded on the "
        "inspection when the plan was last synced; blank until one is.",
    )
    location_sequence = models.PositiveIntegerField(
        default=0, help_text="The SEQUENCE at which the location last changed: invitations below it carry an old one."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "key"], name="one_event_per_key")]

    def __str__(self):
        return f"{self.inspection.reference} {self.get_key_display()}"

    def bump_sequence(self, *, above: int | None = None) -> None:
        """Raise the SEQUENCE (past `above`, when given) and save: the one way it goes up, so
        that calendars take what is sent next as replacing what they hold."""
        self.sequence = max(self.sequence, above if above is not None else self.sequence) + 1
        self.save()


class MessageKind(models.TextChoices):
    DCS_NOTIFICATION = "dcs_notification", "Notification to the DCS"
    PARTNER_NOTIFICATION = "partner_notification", "Notification to a local senior leader"
    COORDINATOR_NOTIFICATION = "coordinator_notification", "Notification to the DCS coordinator"
    DATES_CHANGED = "dates_changed", "New dates for the area"
    INSPECTION_POSTPONED = "inspection_postponed", "Postponement notice"
    INSPECTION_CANCELLED = "inspection_cancelled", "Cancellation notice"
    CONFERENCE_CALL_INVITE = "conference_call_invite", "Conference call invitation"
    SETUP_MEETING_INVITE = "setup_meeting_invite", "Set-up meeting invitation"
    FEEDBACK_MEETING_INVITE = "feedback_meeting_invite", "Feedback meeting invitation"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancellation"
    CASE_AUDIT_REMINDER = "case_audit_reminder", "Case-audit deadline reminder"
    FACTUAL_ACCURACY_REMINDER = "factual_accuracy_reminder", "Factual-accuracy deadline reminder"
    TEAM_REMINDER = "team_reminder", "Milestone reminder to the team"
    CASE_AUDIT_REQUEST = "case_audit_request", "Case-audit request to the coordinator"
    ACCOUNT_INVITATION = "account_invitation", "Invitation to use the service"
    DRAFT_LETTER_SENT = "draft_letter_sent", "Draft letter of findings sent for the factual-accuracy check"
    CASE_AUDIT_SUBMITTED = "case_audit_submitted", "Case-audit return submitted, to the lead inspector"
    FACTUAL_ACCURACY_SUBMITTED = (
        "factual_accuracy_submitted",
        "Factual-accuracy response submitted, to the lead inspector",
    )
    ACTION_PLAN_DUE = "action_plan_due", "Written statement of action due, to the area"
    ACTION_PLAN_RECEIVED = "action_plan_received", "Written statement of action received, to the lead inspector"
    STATEMENT_ACCEPTED = "statement_accepted", "Written statement of action accepted, to the area"
    STATEMENT_CHANGES_REQUESTED = (
        "statement_changes_requested",
        "Changes asked for in the written statement of action, to the area",
    )


class MessageStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Messages nobody has sent yet: the plan may still move, readdress or withdraw them.
UNSENT = (MessageStatus.SCHEDULED, MessageStatus.FAILED)
# Messages that went, or may have gone (a dispatcher holds them).
GONE = (MessageStatus.SENT, MessageStatus.SENDING)
INVITE_KINDS = (
    MessageKind.CONFERENCE_CALL_INVITE,
    MessageKind.SETUP_MEETING_INVITE,
    MessageKind.FEEDBACK_MEETING_INVITE,
)
# Messages that tell the area the inspection's dates: what each recipient was last told is in
# the `dates` of the latest of these that went to them.
DATES_KINDS = (
    MessageKind.DCS_NOTIFICATION,
    MessageKind.PARTNER_NOTIFICATION,
    MessageKind.COORDINATOR_NOTIFICATION,
    MessageKind.DATES_CHANGED,
)
# What everyone told of an inspection hears when it is taken off, by the stage it went to.
WITHDRAWN_NOTICE = {"postponed": MessageKind.INSPECTION_POSTPONED, "cancelled": MessageKind.INSPECTION_CANCELLED}
# Sent once because someone acted (`services.message_queue`), not made by the plan: a re-plan
# leaves them alone; a postponement or cancellation still withdraws them while unsent.
ONE_OFF_KINDS = (
    MessageKind.CASE_AUDIT_REQUEST,
    MessageKind.ACCOUNT_INVITATION,
    MessageKind.CASE_AUDIT_SUBMITTED,
    MessageKind.FACTUAL_ACCURACY_SUBMITTED,
    MessageKind.ACTION_PLAN_DUE,
    MessageKind.ACTION_PLAN_RECEIVED,
    MessageKind.STATEMENT_ACCEPTED,
    MessageKind.STATEMENT_CHANGES_REQUESTED,
)
# One-off messages that tell the lead inspector the area has acted.
LEAD_TOLD_KINDS = (
    MessageKind.CASE_AUDIT_SUBMITTED,
    MessageKind.FACTUAL_ACCURACY_SUBMITTED,
    MessageKind.ACTION_PLAN_RECEIVED,
)


class Message(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=40, choices=MessageKind.choices)
    # Identifies what the plan meant by this row (kind, recipient, milestone) so that a
    # re-plan updates it instead of adding a second one.
    key = models.CharField(max_length=120)
    contact = models.ForeignKey(
        InspectionContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    inspector = models.ForeignKey(Inspector, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.EmailField(blank=True, help_text="Blank when nobody holds the role yet.")
    milestone_key = models.CharField(max_length=40, blank=True)
    dates = models.JSONField(
        default=dict,
        blank=True,
        help_text="For messages that tell the area its dates: the dates told ('told') and, for a change, "
        "those told before ('was'), by milestone key.",
    )
    event = models.ForeignKey(CalendarEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ics_sequence = models.PositiveIntegerField(default=0)
    after = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Not sent before this message has gone (everyone waits for the DCS).",
    )
    priority = models.PositiveSmallIntegerField(default=50, help_text="Lower goes first among messages due together.")

    due_at = models.DateTimeField()
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Not sent automatically after this: its moment has passed."
    )
    status = models.CharField(max_length=20, choices=MessageStatus.choices, default=MessageStatus.SCHEDULED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The claim a dispatcher holds while sending; an expired lease may be claimed again.
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Stable across retries: the Message-ID, so a repeat after a crash is recognisably the same e-mail.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Who was told what and how its sending went are history; the dispatcher's claim is not.
    history = HistoricalRecords(
        excluded_fields=["claim_token", "claimed_until", "updated_at", "idempotency_key", "created_at", "dates"]
    )

    class Meta:
        ordering = ["due_at", "priority", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="message_status_due"),
            models.Index(fields=["inspection", "key"], name="message_inspection_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "key"],
                condition=models.Q(status__in=["scheduled", "sending", "failed"]),
                name="one_unsent_message_per_key",
            ),
        ]

    def __str__(self):
        return f"{self.inspection.reference} {self.get_kind_display()} to {self.recipient_email or '(nobody)'}"

    def clean(self):
        if self.status == MessageStatus.SENT and not self.sent_at:
            raise ValidationError({"sent_at": "A sent message has a sent time."})

    @property
    def message_id(self) -> str:
        return f"<{self.idempotency_key}@jtai.notifications>"

    @property
    def is_local(self) -> bool:
        return self.inspector_id is None

    @property
    def can_resend(self) -> bool:
        return self.status == MessageStatus.FAILED
