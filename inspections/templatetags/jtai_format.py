"""Dates, times and stage tags written the GOV.UK way ("Monday 22 February 2016", "10am")."""

import datetime

from django import template
from django.utils import timezone

from ..models import Stage

register = template.Library()

# GOV.UK tag colours: grey before anything happens, red only when it stops.
STAGE_TAG_CLASSES = {
    Stage.PLANNED: "govuk-tag--grey",
    Stage.NOTIFIED: "govuk-tag--light-blue",
    Stage.ON_SITE: "govuk-tag--purple",
    Stage.REPORTING: "govuk-tag--turquoise",
    Stage.FACTUAL_ACCURACY: "govuk-tag--yellow",
    Stage.PUBLISHED: "govuk-tag--green",
    Stage.POSTPONED: "govuk-tag--orange",
    Stage.CANCELLED: "govuk-tag--red",
}


@register.filter
def govuk_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%A} {value.day} {value:%B %Y}"


@register.filter
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


@register.filter
def govuk_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    return f"{govuk_date(value)} at {govuk_time(value)}"


@register.filter
def stage_tag_class(stage: str) -> str:
    return STAGE_TAG_CLASSES.get(stage, "govuk-tag--grey")
