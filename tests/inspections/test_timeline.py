import dataclasses
import datetime

import pytest

from inspections.calendar import WorkingCalendar
from inspections.models import FrameworkVersion, MilestoneKey
from inspections.timeline import (
    Rules,
    TimelineError,
    compute,
    notification_date_for,
    onsite_start_from_notification,
)
from tests.inspections import factories

D = datetime.date
calendar = WorkingCalendar()
# The framework model's defaults (the 2016 framework's): nine days' notice, notification is day 0.
JTAI_2016 = Rules.from_framework(FrameworkVersion())
LATER = dataclasses.replace(JTAI_2016, notice_working_days=10, notice_convention="day1")


def dates(onsite_start, rules=JTAI_2016, cal=calendar):
    return {m.key: m.date for m in compute(onsite_start, rules, cal)}


def test_the_2016_example_monday_notification_puts_inspectors_on_site_two_weeks_later():
    milestones = {m.key: m for m in compute(D(2016, 3, 7), JTAI_2016, calendar)}
    assert list(MilestoneKey.values) == list(milestones)
    assert milestones["notification"].date == D(2016, 2, 22)
    assert milestones["notification"].time == datetime.time(10, 0)
    assert milestones["conference_call"].date == D(2016, 2, 22)
    assert milestones["conference_call"].time.hour >= 12  # the afternoon of notification day
    assert milestones["case_audit_deadline"].date == D(2016, 3, 4)
    assert milestones["setup_meeting"].date == D(2016, 3, 7)  # first day on site
    assert milestones["onsite_end"].date == D(2016, 3, 11)
    assert milestones["feedback_meeting"].date == D(2016, 3, 11)


def test_letter_publication_and_action_plan_follow_fieldwork_in_working_days():
    got = dates(D(2016, 3, 7))
    # 15 working days after Friday 11 March, skipping Good Friday and Easter Monday.
    assert got["draft_letter_due"] == D(2016, 4, 5)
    assert got["factual_accuracy_due"] == D(2016, 4, 12)
    assert got["publication_due"] == D(2016, 4, 26)
    assert got["action_plan_due"] == D(2016, 8, 4)


@pytest.mark.parametrize(
    ("onsite_start", "notification", "why"),
    [
        (D(2016, 5, 9), D(2016, 4, 22), "early May bank holiday in the notice: a Friday, not the Monday"),
        (D(2016, 4, 4), D(2016, 3, 17), "Good Friday and Easter Monday in the notice"),
        (D(2017, 1, 9), D(2016, 12, 21), "Boxing Day, substitute Christmas and New Year days across the year end"),
        (D(2020, 5, 18), D(2020, 5, 1), "2020's early May holiday moved to Friday 8 May for VE day"),
        (D(2022, 6, 13), D(2022, 5, 26), "2022's spring holiday and the Platinum Jubilee"),
    ],
)
def test_a_bank_holiday_in_the_notice_moves_notification_earlier_never_the_arrival(onsite_start, notification, why):
    got = dates(onsite_start)
    assert got["onsite_start"] == onsite_start, why
    assert got["notification"] == notification, why
    assert calendar.count_between(notification, onsite_start) == 9


def test_a_day_an_admin_adds_in_the_notice_moves_notification_earlier():
    closed = WorkingCalendar([D(2016, 3, 2)])
    assert dates(D(2016, 3, 7), cal=closed)["notification"] == D(2016, 2, 19)


def test_the_nine_days_lie_strictly_between_notification_and_arrival_for_every_start_2016_to_2027():
    day = D(2016, 1, 4)
    while day < D(2027, 12, 31):
        if calendar.is_working_day(day):
            notification = notification_date_for(day, JTAI_2016, calendar)
            assert calendar.is_working_day(notification)
            assert calendar.count_between(notification, day) == 9, day
        day += datetime.timedelta(days=1)


def test_later_convention_counts_notification_day_as_day_one():
    # Ten days with notification as day 1: notified Monday 22 February, on site Monday 7 March.
    assert dates(D(2016, 3, 7), LATER)["notification"] == D(2016, 2, 22)
    assert calendar.count_between(D(2016, 2, 22), D(2016, 3, 7)) + 1 == 10
    # The same number of days under the other convention gives one more day's notice.
    nine_day_one = dataclasses.replace(JTAI_2016, notice_convention="day1")
    assert dates(D(2016, 3, 7), nine_day_one)["notification"] == D(2016, 2, 23)


def test_onsite_start_from_notification_is_the_inverse():
    assert onsite_start_from_notification(D(2016, 2, 22), JTAI_2016, calendar) == D(2016, 3, 7)
    assert onsite_start_from_notification(D(2016, 4, 22), JTAI_2016, calendar) == D(2016, 5, 9)
    assert onsite_start_from_notification(D(2016, 2, 22), LATER, calendar) == D(2016, 3, 7)


def test_fieldwork_length_is_a_setting():
    assert dates(D(2016, 3, 7), dataclasses.replace(JTAI_2016, fieldwork_working_days=4))["onsite_end"] == D(
        2016, 3, 10
    )
    # A week on site that spans Easter Monday ends a day later.
    assert dates(D(2016, 3, 21))["onsite_end"] == D(2016, 3, 29)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2016, 3, 28), "The first day on site Monday 28 March 2016 is not a working day (Easter Monday)."),
        (D(2016, 3, 5), "The first day on site Saturday 5 March 2016 is not a working day (a weekend)."),
    ],
)
def test_an_onsite_start_that_is_not_a_working_day_is_refused(day, message):
    with pytest.raises(TimelineError) as error:
        compute(day, JTAI_2016, calendar)
    assert str(error.value) == message


def test_a_notification_date_that_is_not_a_working_day_is_refused():
    with pytest.raises(TimelineError, match="notification date Sunday 21 February 2016"):
        onsite_start_from_notification(D(2016, 2, 21), JTAI_2016, calendar)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["jtai-2016", "ofsted-targeted-2016"])
def test_both_shipped_frameworks_give_the_2016_timeline(slug):
    rules = Rules.from_framework(factories.framework(slug))
    assert rules.notice_working_days == 9
    assert rules.notice_convention == "day0"
    assert dates(D(2016, 3, 7), rules)["notification"] == D(2016, 2, 22)
