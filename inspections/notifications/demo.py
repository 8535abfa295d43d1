"""Demo for the notifications: an inspection whose notification falls due a few minutes after
`load_demo` runs (so a few minutes after `make run` starts), with a DCS, a coordinator, the
LSCB's chair and agency leaders, so the worker's console shows the messages going out in
order: the DCS, then the LSCB chair and the leaders, then the invitations.

Created once: a second run finds it and changes nothing. Its notification time is set to
"soon" on purpose, which the framework's notice rules alone would never give.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from inspections.calendar import working_calendar
from inspections.demo import council_agency_name, demo_inspector, demo_person, demo_row
from inspections.models import (
    Agency,
    AgencyKind,
    Area,
    ChosenBecause,
    FrameworkVersion,
    Inspection,
    Inspector,
    MilestoneKey,
    PersonRole,
)
from inspections.models import Theme as ThemeModel
from inspections.services import inspection_plan
from inspections.timeline import Rules, last_day_on_site, onsite_start_from_notification

from .sync import notifications_sync

MINUTES_AFTER_START = 3
AREA = ("Rutland", "E06000017", "East Midlands")
PEOPLE = [
    # (name, e-mail, role, agency name or None)
    ("Rosa Whitley", "dcs@rutland.example", PersonRole.DCS, None),
    ("Tom Ashby", "coordinator@rutland.example", PersonRole.DCS_COORDINATOR, None),
    (
        "Chief Constable Alan Birch",
        "chief.constable@leics-police.example",
        PersonRole.AGENCY_LEADER,
        "Leicestershire Police",
    ),
    (
        "Dr Meera Shah",
        "accountable.officer@ellr-ccg.example",
        PersonRole.AGENCY_LEADER,
        "East Leicestershire and Rutland CCG",
    ),
    ("Gill Hutton", "chair@lrlscb.example", PersonRole.LSCB_CHAIR, "Leicestershire and Rutland LSCB"),
]
AGENCIES = {
    council_agency_name(AREA[0]): AgencyKind.COUNCIL,
    "Leicestershire Police": AgencyKind.POLICE,
    "East Leicestershire and Rutland CCG": AgencyKind.HEALTH,
    "Leicestershire and Rutland LSCB": AgencyKind.LSCB,
}


def _clear_of_holidays(start: datetime.date, end: datetime.date, calendar) -> bool:
    """Whether every weekday of the calendar weeks from `start` to `end` is a working day, none of them
    between Christmas Eve and New Year's Day."""
    day = start - datetime.timedelta(days=start.weekday())
    while day <= end + datetime.timedelta(days=4 - end.weekday()):
        christmas = (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)
        if day.weekday() < 5 and (christmas or not calendar.is_working_day(day)):
            return False
        day += datetime.timedelta(days=1)
    return True


def demo_onsite_start(today: datetime.date, rules: Rules, calendar) -> datetime.date:
    """The week on site that a notification on the first working day from `today` gives, by the
    framework's own count; or, if that week holds a bank holiday or falls over Christmas, the first
    working day of the next week clear of them."""
    notice_day = today
    while not calendar.is_working_day(notice_day):
        notice_day += datetime.timedelta(days=1)
    start = onsite_start_from_notification(notice_day, rules, calendar)
    while not _clear_of_holidays(start, last_day_on_site(start, rules, calendar), calendar):
        start += datetime.timedelta(days=7 - start.weekday())
        while not calendar.is_working_day(start):
            start += datetime.timedelta(days=1)
    return start


# A conference call in the afternoon of a working day: from 2pm, starting by 4pm at the latest.
CALL_FROM, CALL_BY = datetime.time(14), datetime.time(16)


def demo_conference_call_at(notified: datetime.datetime, calendar) -> datetime.datetime:
    """The first working afternoon at least an hour after the notification, on the quarter hour."""
    earliest = notified + datetime.timedelta(hours=1)
    earliest += datetime.timedelta(minutes=-earliest.minute % 15, seconds=-earliest.second)
    day = earliest.date()
    while True:
        if calendar.is_working_day(day):
            at = max(earliest, timezone.make_aware(datetime.datetime.combine(day, CALL_FROM)))
            if at.time() <= CALL_BY and at.date() == day:
                return at
        day += datetime.timedelta(days=1)


def _area() -> Area:
    name, ons_code, region = AREA
    area = demo_row(Area, {"ons_code": ons_code}, {"name": name, "region": region})
    for agency_name, kind in AGENCIES.items():
        demo_row(Agency, {"name": agency_name}, {"kind": kind}, many={"areas": [area]})
    for name, email, role, agency_name in PEOPLE:
        demo_person(
            {"email": email},
            {
                "name": name,
                "role": role,
                "area": area,
                "agency": Agency.objects.get(name=agency_name) if agency_name else None,
            },
        )
    return area


def load(out) -> None:
    area = _area()
    existing = Inspection.objects.filter(area=area).first()
    if existing is not None:
        out.write(
            f"Notifications demo: {existing.reference} ({area.name}) exists already; "
            f"it is {existing.get_stage_display().lower()}.\n"
        )
        return

    calendar = working_calendar()
    framework = FrameworkVersion.objects.get(kind=FrameworkVersion.Kind.JOINT, is_current=True)
    rules = Rules.from_framework(framework)
    lead = demo_inspector("lead.inspector")
    team = list(Inspector.objects.filter(user__username="cqc.inspector"))
    inspection = inspection_plan(
        user=lead.user,
        area=area,
        theme=ThemeModel.objects.filter(framework_versions=framework, is_active=True).first(),
        framework=framework,
        onsite_start=demo_onsite_start(timezone.localdate(), rules, calendar),
        lead=lead,
        team=team,
        chosen_because=ChosenBecause.ROTATION,
    )

    # Bring the notification forward to a few minutes from now, and the call to the next working afternoon.
    soon = (timezone.localtime() + datetime.timedelta(minutes=MINUTES_AFTER_START)).replace(second=0, microsecond=0)
    call = demo_conference_call_at(soon, calendar)
    inspection.milestones.filter(key=MilestoneKey.NOTIFICATION).update(date=soon.date(), time=soon.time())
    inspection.milestones.filter(key=MilestoneKey.CONFERENCE_CALL).update(date=call.date(), time=call.time())
    notifications_sync(inspection=inspection)

    out.write(
        f"Notifications demo: {inspection.reference} ({area.name}) is notified at {soon:%H:%M}, "
        f"about {MINUTES_AFTER_START} minutes from now. Watch the worker: the DCS first, then the LSCB chair "
        f"and {inspection.contacts.filter(role='agency_leader').count()} agency leaders, then the invitations.\n"
    )
