"""Dates, times and stage tags written the GOV.UK way ("Monday 22 February 2016", "10am"), for
templates. The date and time formats themselves live in `calendar`, where messages and errors
read them too."""

from django import forms, template

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


@register.filter
def error_links(form) -> list[tuple[str, str]]:
    """(anchor, message) for a GOV.UK error summary: each link goes to the input to correct.

    Radios and checkboxes (rendered by crispy-forms-gds, numbered from 1) link to their first
    option; a date links to the part (day, month, year) that is wrong, else to the day.
    """
    links: list[tuple[str, str]] = []
    fields = list(form.visible_fields())
    first = fields[0].auto_id if fields else ""
    links += [(first, str(error)) for error in form.non_field_errors()]
    for bound in fields:
        if not bound.errors:
            continue
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            links += [(f"{bound.auto_id}_1", str(error)) for error in bound.errors]
        elif isinstance(widget, forms.MultiWidget):
            placed = set()
            for index, subfield in enumerate(getattr(bound.field, "fields", ())):
                for error in getattr(subfield.widget, "errors", []):
                    links.append((f"{bound.auto_id}_{index}", str(error)))
                    placed.add(str(error))
            links += [(f"{bound.auto_id}_0", str(e)) for e in bound.errors if str(e) not in placed]
        else:
            links += [(bound.auto_id, str(error)) for error in bound.errors]
    return links
