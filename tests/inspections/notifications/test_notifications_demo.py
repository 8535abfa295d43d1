"""The notifications demo: an inspection notified minutes after start-up, created once."""

import datetime
import io

import pytest
import time_machine

from inspections.models import FrameworkVersion, Inspection, Stage
from inspections.notifications import demo as demo_notifications
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from inspections.services.stages import inspection_transition
from tests.helpers import area_with_people, london, plan_inspection

pytestmark = pytest.mark.django_db


def test_the_demo_notifies_a_few_minutes_after_loading_and_only_once(mailoutbox):
    with time_machine.travel(london(2026, 3, 4, 11, 0, 20), tick=False) as clock:
        out = io.StringIO()
        demo_notifications.load(out)
        demo_notifications.load(out)

        inspection = Inspection.objects.get(area__name="Rutland")
        assert "is notified at 11:03" in out.getvalue()
        assert "exists already" in out.getvalue()
        assert inspection.notification_at == london(2026, 3, 4, 11, 3)
        assert inspection.messages.filter(kind=MessageKind.PARTNER_NOTIFICATION).count() == 3

        clock.move_to(london(2026, 3, 4, 11, 3))
        notifications_dispatch()

    assert mailoutbox[0].to == ["Rosa Whitley <dcs@rutland.example>"]
    assert {m.to[0] for m in mailoutbox[1:5]} == {
        "Tom Ashby <coordinator@rutland.example>",
        "Chief Constable Alan Birch <chief.constable@leics-police.example>",
        "Dr Meera Shah <accountable.officer@ellr-ccg.example>",
        "Gill Hutton <chair@lrlscb.example>",
    }
    inspection.refresh_from_db()
    assert inspection.stage == Stage.NOTIFIED


@pytest.mark.parametrize(
    ("convention", "notice_days", "onsite_start"),
    [
        # Notified Wednesday 4 March 2026: nine working days' notice after it puts inspectors on
        # site on Wednesday 18 March; so do ten counting it as day 1; nine counting it, the 17th.
        (FrameworkVersion.Convention.DAY_ZERO, 9, datetime.date(2026, 3, 18)),
        (FrameworkVersion.Convention.DAY_ONE, 10, datetime.date(2026, 3, 18)),
        (FrameworkVersion.Convention.DAY_ONE, 9, datetime.date(2026, 3, 17)),
    ],
)
def test_the_demo_week_on_site_follows_the_frameworks_notice(convention, notice_days, onsite_start):
    FrameworkVersion.objects.filter(kind=FrameworkVersion.Kind.JOINT, is_current=True).update(
        notice_convention=convention, notice_working_days=notice_days
    )
    with time_machine.travel(london(2026, 3, 4, 11, 0), tick=False):
        demo_notifications.load(io.StringIO())

    assert Inspection.objects.get(area__name="Rutland").onsite_start == onsite_start


def test_an_inspection_notified_another_way_sends_no_notification(clock):
    inspection = plan_inspection(people=area_with_people())
    inspection_transition(user=None, inspection=inspection, name="notify")  # e.g. an import

    assert not inspection.messages.filter(
        kind__in=[MessageKind.DCS_NOTIFICATION, MessageKind.PARTNER_NOTIFICATION], status="scheduled"
    ).exists()


@pytest.mark.parametrize(
    "moment",
    [
        london(2026, 3, 4, 9, 0),  # a Wednesday morning
        london(2026, 3, 4, 15, 30),  # too late in the afternoon for an hour's notice
        london(2026, 3, 4, 21, 10),  # an evening
        london(2026, 3, 7, 11, 0),  # a Saturday
        london(2026, 4, 2, 18, 0),  # the evening before Good Friday
        london(2026, 12, 7, 13, 14),  # three weeks before Christmas
        london(2026, 12, 18, 16, 0),  # a Friday before Christmas
        london(2026, 12, 24, 23, 30),  # Christmas Eve, late
    ],
)
def test_the_demo_call_is_on_a_working_afternoon_and_its_week_on_site_is_clear_of_holidays(moment):
    from inspections.calendar import working_calendar
    from inspections.models import MilestoneKey

    calendar = working_calendar()
    with time_machine.travel(moment, tick=False):
        demo_notifications.load(io.StringIO())
    inspection = Inspection.objects.get(area__name="Rutland")
    call = inspection.milestones.get(key=MilestoneKey.CONFERENCE_CALL)
    assert calendar.is_working_day(call.date)
    assert datetime.time(12) <= call.time <= datetime.time(16)
    assert london(call.date.year, call.date.month, call.date.day, call.time.hour, call.time.minute) > moment
    assert inspection.notification_at < london(call.date.year, call.date.month, call.date.day, call.time.hour)
    # Every weekday of the weeks on site is a working day, and none is between Christmas Eve and New Year.
    first = inspection.onsite_start - datetime.timedelta(days=inspection.onsite_start.weekday())
    last_day = inspection.milestones.get(key=MilestoneKey.ONSITE_END).date
    days = [first + datetime.timedelta(days=n) for n in range((last_day - first).days + 1)]
    weekdays = [day for day in days if day.weekday() < 5]
    assert all(calendar.is_working_day(day) for day in weekdays), weekdays
    assert not [day for day in weekdays if (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)]
    assert inspection.onsite_start > call.date
