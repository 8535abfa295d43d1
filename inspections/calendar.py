"""Working days: Monday to Friday, less England's bank holidays and days an admin adds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _england_bank_holidays() -> holidays.HolidayBase:
    # The object fills in years lazily as dates are looked up.
    return holidays.UK(subdiv="ENG")


class WorkingCalendar:
    def __init__(self, extra_non_working_days: Iterable[datetime.date] = ()):
        self.extra = frozenset(extra_non_working_days)
        self.bank_holidays = _england_bank_holidays()

    def holiday_name(self, day: datetime.date) -> str | None:
        return self.bank_holidays.get(day)

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays and day not in self.extra

    def add(self, day: datetime.date, working_days: int) -> datetime.date:
        """The date `working_days` working days after (or, if negative, before) `day`."""
        step = 1 if working_days >= 0 else -1
        remaining = abs(working_days)
        while remaining:
            day += datetime.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def count_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days strictly after `start` and strictly before `end`."""
        count, day = 0, start + datetime.timedelta(days=1)
        while day < end:
            count += self.is_working_day(day)
            day += datetime.timedelta(days=1)
        return count

    def non_working_days_between(self, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
        """Weekday bank holidays and added days from `start` to `end` inclusive, with their names."""
        found, day = [], start
        while day <= end:
            if day.weekday() < 5 and not self.is_working_day(day):
                found.append((day, self.holiday_name(day) or "Non-working day"))
            day += datetime.timedelta(days=1)
        return found


def working_calendar() -> WorkingCalendar:
    """The calendar in force: bank holidays plus every non-working day an admin has added."""
    from .models import NonWorkingDay

    return WorkingCalendar(NonWorkingDay.objects.values_list("date", flat=True))
