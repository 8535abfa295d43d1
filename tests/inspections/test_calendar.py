import datetime

import pytest

from inspections.calendar import WorkingCalendar, add_months, add_weekdays, weeks_between, working_calendar
from inspections.models import NonWorkingDay

D = datetime.date
calendar = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2016, 3, 25), "Good Friday"),
        (D(2016, 3, 28), "Easter Monday"),
        (D(2016, 5, 2), "May Day"),
        (D(2016, 12, 27), "Christmas Day (observed)"),  # 25 December 2016 was a Sunday
        (D(2017, 1, 2), "New Year's Day (observed)"),
        (D(2020, 5, 8), "May Day"),  # moved to VE day's 75th anniversary
        (D(2022, 6, 2), "Spring Bank Holiday"),
        (D(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (D(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (D(2023, 5, 8), "Coronation of Charles III"),
        (D(2027, 3, 29), "Easter Monday"),
    ],
)
def test_england_bank_holidays_are_not_working_days(day, name):
    assert not calendar.is_working_day(day)
    assert calendar.holiday_name(day) == name


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 5, 4),  # the usual early-May Monday, a working day in 2020
        D(2022, 5, 30),  # the usual spring bank holiday, moved to 2 June in 2022
        D(2016, 3, 17),  # St Patrick's Day is a holiday in Northern Ireland only
        D(2016, 8, 1),  # Scotland's summer bank holiday, not England's
    ],
)
def test_days_that_are_holidays_elsewhere_or_in_other_years_are_working_days(day):
    assert calendar.is_working_day(day)


def test_weekends_are_not_working_days():
    assert not calendar.is_working_day(D(2016, 3, 5))
    assert not calendar.is_working_day(D(2016, 3, 6))


def test_add_skips_weekends_and_holidays_both_ways():
    assert calendar.add(D(2016, 3, 24), 1) == D(2016, 3, 29)  # over Easter
    assert calendar.add(D(2016, 3, 29), -1) == D(2016, 3, 24)
    assert calendar.add(D(2016, 12, 23), 1) == D(2016, 12, 28)  # Boxing Day and the substitute Christmas Day
    assert calendar.add(D(2016, 12, 30), 1) == D(2017, 1, 3)  # across the year end
    assert calendar.add(D(2016, 3, 7), 0) == D(2016, 3, 7)


def test_count_between_excludes_both_ends():
    assert calendar.count_between(D(2016, 2, 22), D(2016, 3, 7)) == 9


@pytest.mark.django_db
def test_days_an_admin_adds_are_not_working_days():
    assert working_calendar().is_working_day(D(2016, 3, 2))
    NonWorkingDay.objects.create(date=D(2016, 3, 2), reason="Office closure")
    in_force = working_calendar()
    assert not in_force.is_working_day(D(2016, 3, 2))
    assert in_force.add(D(2016, 3, 1), 1) == D(2016, 3, 3)
    assert in_force.non_working_days_between(D(2016, 2, 29), D(2016, 3, 4)) == [(D(2016, 3, 2), "Non-working day")]


def test_the_first_working_day_of_a_week_is_the_tuesday_after_easter_monday():
    assert calendar.first_working_day_of_week(D(2016, 3, 30)) == D(2016, 3, 29)
    assert calendar.first_working_day_of_week(D(2016, 3, 10)) == D(2016, 3, 7)


def test_weekdays_count_a_bank_holiday_like_any_other_weekday():
    # Nine weekdays before Monday 4 April 2016 is Tuesday 22 March, Good Friday and Easter Monday included.
    assert add_weekdays(D(2016, 4, 4), -9) == D(2016, 3, 22)
    assert add_weekdays(D(2016, 3, 24), 2) == D(2016, 3, 28)


def test_weeks_between_counts_weeks_from_monday_to_sunday():
    assert weeks_between(D(2016, 3, 18), D(2016, 3, 21)) == 1  # Friday to the next Monday
    assert weeks_between(D(2016, 3, 14), D(2016, 3, 20)) == 0
    assert weeks_between(D(2016, 3, 7), D(2016, 3, 22)) == 2


def test_a_month_later_is_the_months_last_day_when_it_is_shorter():
    assert add_months(D(2016, 1, 31), 1) == D(2016, 2, 29)
    assert add_months(D(2016, 3, 31), -1) == D(2016, 2, 29)
    assert add_months(D(2016, 2, 29), -12) == D(2015, 2, 28)
    assert add_months(D(2016, 11, 15), 3) == D(2017, 2, 15)
