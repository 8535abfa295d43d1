"""Dates and times as GOV.UK writes them, on pages and in messages alike (one home: jtai_format)."""

import datetime

import pytest

from inspections.notifications.emails import govuk_when
from inspections.templatetags.jtai_format import govuk_date, govuk_datetime, govuk_deadline, govuk_time
from tests.helpers import london


@pytest.mark.parametrize(
    ("time", "written"),
    [
        (datetime.time(10, 0), "10am"),
        (datetime.time(14, 57), "2:57pm"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(0, 30), "12:30am"),
        (datetime.time(12, 5), "12:05pm"),
        (datetime.time(23, 59), "11:59pm"),
    ],
)
def test_times_are_written_the_govuk_way(time, written):
    assert govuk_time(time) == written


def test_a_moment_is_written_in_uk_time_on_pages_and_in_messages_alike():
    moment = london(2016, 5, 17, 0, 0)  # midnight in London is 11pm UTC in summer
    assert govuk_datetime(moment) == "Tuesday 17 May 2016 at midnight"
    assert govuk_when(datetime.date(2016, 5, 17), datetime.time(0, 0)) == "Tuesday 17 May 2016 at midnight"
    assert govuk_date(datetime.date(2016, 3, 7)) == "Monday 7 March 2016"


def test_a_deadline_at_midnight_is_written_as_the_day_it_ends():
    # Due by the end of Monday 8 February 2016, that is at midnight starting Tuesday 9 February.
    assert govuk_deadline(london(2016, 2, 9, 0, 0)) == "Monday 8 February 2016"
    # In summer too, when London's midnight is 11pm UTC the day before.
    assert govuk_deadline(london(2016, 5, 17, 0, 0)) == "Monday 16 May 2016"


def test_a_deadline_within_its_day_keeps_its_time():
    assert govuk_deadline(london(2016, 3, 4, 17, 0)) == "Friday 4 March 2016 at 5pm"


def test_a_date_in_a_sentence_may_leave_out_the_weekday_or_the_year():
    day = datetime.date(2016, 3, 7)
    assert govuk_date(day, weekday=False) == "7 March 2016"
    assert govuk_date(day, year=False) == "Monday 7 March"
