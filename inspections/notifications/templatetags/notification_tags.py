from django import template

from inspections.models import in_sentence as _in_sentence

from ..emails import govuk_when
from ..selectors import notifications_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_panel_for(context, inspection):
    """The inspection page's notifications section, for whoever is looking."""
    return notifications_panel(user=context["request"].user, inspection=inspection)


@register.filter
def in_sentence(label: str) -> str:
    """A label mid-sentence ("the notification to the DCS", never "the dcs")."""
    return _in_sentence(str(label))


@register.filter
def when(milestone) -> str:
    """A milestone's date, and its time if it has one, GOV.UK style: "Monday 22 February 2016 at 2pm"."""
    return govuk_when(milestone.date, milestone.time) if milestone else ""
