from django import template

from ..selectors import notifications_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_panel_for(context, inspection):
    """The inspection page's notifications section, for whoever is looking."""
    return notifications_panel(user=context["request"].user, inspection=inspection)
