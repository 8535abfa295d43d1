"""Dates, times and stage tags written the GOV.UK way ("Monday 22 February 2016", "10am"), for
templates. The date and time formats themselves live in `calendar`, where messages and errors
read them too."""

from django import template

from ..calendar import govuk_date, govuk_datetime, govuk_deadline, govuk_time
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


register.filter("govuk_date", govuk_date)
register.filter("govuk_time", govuk_time)
register.filter("govuk_datetime", govuk_datetime)
register.filter("govuk_deadline", govuk_deadline)


@register.filter
def stage_tag_class(stage: str) -> str:
    return STAGE_TAG_CLASSES.get(stage, "govuk-tag--grey")
