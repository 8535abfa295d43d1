"""Working days: Monday to Friday, less England's bank holidays and days an admin adds. Also the
one home of the week and month arithmetic, of when a deadline falls, and of how a day is written."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone


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

    def first_working_day_of_week(self, day: datetime.date) -> datetime.date:
        """Monday, or the first working day after a bank-holiday Monday (or closure); `day` itself
        when its whole week is off."""
        monday = monday_of(day)
        week = [monday + datetime.timedelta(days=n) for n in range(7)]
        return next((d for d in week if self.is_working_day(d)), day)

    def week_fits(self, day: datetime.date, working_days: int) -> bool:
        """Whether `working_days` working days from the first working day of `day`'s week end in
        that same week."""
        first = self.first_working_day_of_week(day)
        return self.is_working_day(first) and monday_of(self.add(first, working_days - 1)) == monday_of(day)

    def nearest_fitting_week(
        self, day: datetime.date, working_days: int, *, search_weeks: int = 12
    ) -> datetime.date | None:
        """The first working day of the week nearest `day`'s in which `working_days` working days fit
        (the later one when two are as near); None when none does within `search_weeks`."""
        monday = monday_of(day)
        for distance in range(search_weeks + 1):
            for direction in (1, -1) if distance else (1,):
                candidate = monday + datetime.timedelta(weeks=distance * direction)
                if self.week_fits(candidate, working_days):
                    return self.first_working_day_of_week(candidate)
        return None

    def non_working_days_between(self, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
        """Weekday bank holidays and added days from `start` to `end` inclusive, with their names."""
        found, day = [], start
        while day <= end:
            if day.weekday() < 5 and not self.is_working_day(day):
                found.append((day, self.holiday_name(day) or "Non-working day"))
            day += datetime.timedelta(days=1)
        return found


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weeks_between(earlier: datetime.date, later: datetime.date) -> int:
    """How many weeks on from `earlier`'s week `later`'s week is (Monday to Sunday)."""
    return (monday_of(later) - monday_of(earlier)).days // 7


def add_weekdays(day: datetime.date, weekdays: int) -> datetime.date:
    """The date `weekdays` Mondays-to-Fridays after (or, if negative, before) `day`, bank holidays
    counted like any other weekday: where a date would fall with no holiday in the way."""
    step = 1 if weekdays >= 0 else -1
    remaining = abs(weekdays)
    while remaining:
        day += datetime.timedelta(days=step)
        remaining -= day.weekday() < 5
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (or earlier), or the month's last day when it is
    shorter: 31 January and one month is 29 February in a leap year."""
    return day + relativedelta(months=months)


def local_moment(day: datetime.date, time: datetime.time | None = None) -> datetime.datetime:
    """A wall-clock moment in the project's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))


def deadline_moment(day: datetime.date, time: datetime.time | None = None) -> datetime.datetime:
    """When something due on `day` is due: at its time, or, without one, at the midnight after its
    day (the whole day is allowed)."""
    return local_moment(day, time) if time else local_moment(day + datetime.timedelta(days=1))


def deadline_day(moment: datetime.datetime) -> datetime.date:
    """The day a deadline falls on, as people read it: a deadline at midnight is the end of the day
    before, so "due by the end of Monday", never "due Tuesday"."""
    local = timezone.localtime(moment)
    if local.time() == datetime.time(0, 0):
        return local.date() - datetime.timedelta(days=1)
    return local.date()


# Written the GOV.UK way ("Monday 22 February 2016", "2:57pm", "10am", "midday"): the one home of
# these formats, read by messages and errors here and by templates through `jtai_format`.
def govuk_date(value: datetime.date | None, *, weekday: bool = True, year: bool = True) -> str:
    """ "Monday 22 February 2016"; without the weekday or the year where a sentence wants it."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    written = f"{value.day} {value:%B}"
    if weekday:
        written = f"{value:%A} {written}"
    return f"{written} {value:%Y}" if year else written


def govuk_time(value: datetime.time | datetime.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).time()
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


def govuk_deadline(moment: datetime.datetime | None) -> str:
    """A deadline stored as a moment, written as the day a milestone of the same deadline shows
    ("Monday 14 December 2026"); with its time only when it is due before its day ends."""
    if not moment:
        return ""
    day = deadline_day(moment)
    return govuk_date(day) if day != timezone.localdate(moment) else govuk_datetime(moment)


def working_calendar() -> WorkingCalendar:
    """The calendar in force: bank holidays plus every non-working day an admin has added."""
    from .models import NonWorkingDay

    return WorkingCalendar(NonWorkingDay.objects.values_list("date", flat=True))
