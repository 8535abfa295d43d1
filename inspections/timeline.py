"""An inspection's milestones, computed from its framework's rules. Pure functions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from jtai.errors import DomainError

from .calendar import WorkingCalendar, deadline_moment, govuk_date
from .models.inspection import MilestoneKey, meeting_label

K = MilestoneKey


class TimelineError(DomainError):
    def __init__(self, message: str, field: str = "onsite_start"):
        super().__init__(field, message)


@dataclass(frozen=True)
class Rules:
    """The parts of a framework version the timeline needs. No defaults here: they live on
    `FrameworkVersion` alone (an unsaved `FrameworkVersion()` has them)."""

    kind: str  # joint or Ofsted-only: what its meetings are called
    notice_working_days: int
    notice_convention: str
    notification_time: datetime.time
    conference_call_time: datetime.time
    case_audit_due_working_days_before_onsite: int
    case_audit_due_time: datetime.time
    fieldwork_working_days: int
    setup_meeting_time: datetime.time
    feedback_meeting_time: datetime.time
    draft_letter_working_days: int
    factual_accuracy_working_days: int
    publication_working_days: int
    action_plan_working_days: int

    @classmethod
    def from_framework(cls, framework) -> Rules:
        return cls(**{name: getattr(framework, name) for name in cls.__dataclass_fields__})

    @property
    def notification_to_onsite(self) -> int:
        """Working days from notification day to the first day on site."""
        if self.notice_convention == "day0":
            # Day 0, then the notice days, then on site the working day after them.
            return self.notice_working_days + 1
        # Notification is day 1 of the notice; on site the working day after the last.
        return self.notice_working_days


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    date: datetime.date
    time: datetime.time | None = None

    @property
    def moment(self) -> datetime.datetime:
        """Its time on its day, or the end of its day when it has no time (a deadline)."""
        return deadline_moment(self.date, self.time)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "label": self.label,
        }


def last_day_on_site(onsite_start: datetime.date, rules: Rules | object, calendar: WorkingCalendar) -> datetime.date:
    """The last working day of the fieldwork that starts on `onsite_start` (rules: a `Rules` or
    a framework version)."""
    return calendar.add(onsite_start, rules.fieldwork_working_days - 1)


def _require_working_day(calendar: WorkingCalendar, day: datetime.date, what: str) -> None:
    if not calendar.is_working_day(day):
        reason = calendar.holiday_name(day) or ("a weekend" if day.weekday() >= 5 else "a non-working day")
        raise TimelineError(f"{what} {govuk_date(day)} is not a working day ({reason}).")


def onsite_start_from_notification(
    notification_date: datetime.date, rules: Rules, calendar: WorkingCalendar
) -> datetime.date:
    _require_working_day(calendar, notification_date, "The notification date")
    return calendar.add(notification_date, rules.notification_to_onsite)


def notification_date_for(onsite_start: datetime.date, rules: Rules, calendar: WorkingCalendar) -> datetime.date:
    """Counted back from the arrival, so a bank holiday in the notice moves notification earlier."""
    _require_working_day(calendar, onsite_start, "The first day on site")
    return calendar.add(onsite_start, -rules.notification_to_onsite)


def factual_accuracy_due(draft_sent_on: datetime.date, rules: Rules, calendar: WorkingCalendar) -> datetime.date:
    """The partnership's factual-accuracy response is due a set number of working days after the
    draft letter is sent: planned from the draft's due date, moved to the day it actually goes."""
    return calendar.add(draft_sent_on, rules.factual_accuracy_working_days)


def compute(onsite_start: datetime.date, rules: Rules, calendar: WorkingCalendar) -> list[Milestone]:
    notification = notification_date_for(onsite_start, rules, calendar)
    onsite_end = last_day_on_site(onsite_start, rules, calendar)
    draft_letter = calendar.add(onsite_end, rules.draft_letter_working_days)
    publication = calendar.add(onsite_end, rules.publication_working_days)
    dates = {
        K.NOTIFICATION: (notification, rules.notification_time),
        K.CONFERENCE_CALL: (notification, rules.conference_call_time),
        K.CASE_AUDIT_DEADLINE: (
            calendar.add(onsite_start, -rules.case_audit_due_working_days_before_onsite),
            rules.case_audit_due_time,
        ),
        K.ONSITE_START: (onsite_start, None),
        K.SETUP_MEETING: (onsite_start, rules.setup_meeting_time),
        K.ONSITE_END: (onsite_end, None),
        K.FEEDBACK_MEETING: (onsite_end, rules.feedback_meeting_time),
        K.DRAFT_LETTER_DUE: (draft_letter, None),
        K.FACTUAL_ACCURACY_DUE: (factual_accuracy_due(draft_letter, rules, calendar), None),
        K.PUBLICATION_DUE: (publication, None),
        K.ACTION_PLAN_DUE: (calendar.add(publication, rules.action_plan_working_days), None),
    }
    return [Milestone(key.value, meeting_label(key, rules.kind), *dates[key]) for key in MilestoneKey]
