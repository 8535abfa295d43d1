"""An inspection's milestones, computed from its framework's rules. Pure functions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .calendar import WorkingCalendar


class TimelineError(ValueError):
    pass


@dataclass(frozen=True)
class Rules:
    """The parts of a framework version the timeline needs."""

    notice_working_days: int = 9
    notice_convention: str = "day0"
    notification_time: datetime.time = datetime.time(10, 0)
    conference_call_time: datetime.time = datetime.time(14, 0)
    case_audit_due_working_days_before_onsite: int = 1
    case_audit_due_time: datetime.time = datetime.time(17, 0)
    fieldwork_working_days: int = 5
    setup_meeting_time: datetime.time = datetime.time(9, 30)
    feedback_meeting_time: datetime.time = datetime.time(14, 0)
    draft_letter_working_days: int = 15
    factual_accuracy_working_days: int = 5
    publication_working_days: int = 30
    action_plan_working_days: int = 70

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

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M") if self.time else None,
            "label": self.label,
        }


MILESTONE_KEYS = (
    "notification",
    "conference_call",
    "case_audit_deadline",
    "onsite_start",
    "setup_meeting",
    "onsite_end",
    "feedback_meeting",
    "draft_letter_due",
    "factual_accuracy_due",
    "publication_due",
    "action_plan_due",
)


def _require_working_day(calendar: WorkingCalendar, day: datetime.date, what: str) -> None:
    if not calendar.is_working_day(day):
        reason = calendar.holiday_name(day) or ("a weekend" if day.weekday() >= 5 else "a non-working day")
        raise TimelineError(f"{what} {day:%A %-d %B %Y} is not a working day ({reason}).")


def onsite_start_from_notification(
    notification_date: datetime.date, rules: Rules, calendar: WorkingCalendar
) -> datetime.date:
    _require_working_day(calendar, notification_date, "The notification date")
    return calendar.add(notification_date, rules.notification_to_onsite)


def notification_date_for(onsite_start: datetime.date, rules: Rules, calendar: WorkingCalendar) -> datetime.date:
    """Counted back from the arrival, so a bank holiday in the notice moves notification earlier."""
    _require_working_day(calendar, onsite_start, "The first day on site")
    return calendar.add(onsite_start, -rules.notification_to_onsite)


def compute(onsite_start: datetime.date, rules: Rules, calendar: WorkingCalendar) -> list[Milestone]:
    notification = notification_date_for(onsite_start, rules, calendar)
    onsite_end = calendar.add(onsite_start, rules.fieldwork_working_days - 1)
    draft_letter = calendar.add(onsite_end, rules.draft_letter_working_days)
    publication = calendar.add(onsite_end, rules.publication_working_days)
    return [
        Milestone(
            "notification", "Notification to the Director of Children's Services", notification, rules.notification_time
        ),
        Milestone(
            "conference_call", "Conference call with local senior leaders", notification, rules.conference_call_time
        ),
        Milestone(
            "case_audit_deadline",
            "Case audits due from the area",
            calendar.add(onsite_start, -rules.case_audit_due_working_days_before_onsite),
            rules.case_audit_due_time,
        ),
        Milestone("onsite_start", "First day on site", onsite_start),
        Milestone("setup_meeting", "Joint set-up meeting", onsite_start, rules.setup_meeting_time),
        Milestone("onsite_end", "Last day on site", onsite_end),
        Milestone(
            "feedback_meeting", "Joint feedback meeting with all agencies", onsite_end, rules.feedback_meeting_time
        ),
        Milestone("draft_letter_due", "Draft letter of findings to the DCS", draft_letter),
        Milestone(
            "factual_accuracy_due",
            "Factual-accuracy response due",
            calendar.add(draft_letter, rules.factual_accuracy_working_days),
        ),
        Milestone("publication_due", "Letter of findings published", publication),
        Milestone(
            "action_plan_due",
            "Written statement of action due",
            calendar.add(publication, rules.action_plan_working_days),
        ),
    ]
