"""`{% panels "place" %}`: what the apps built on the core show in one of its places (`panels.py`)."""

from django import template
from django.utils.html import format_html_join

from ..panels import panels_in

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, place, **values):
    """The panels of `place` rendered with the page's context (and `values`), a blank line between
    them; "" when none has anything to show, so a page can test `{% panels … as x %}{% if x %}`."""
    engine = context.template.engine
    parts = []
    with context.push(**values):
        for name in panels_in(place):
            html = engine.get_template(name).render(context)
            if html.strip():
                parts.append((html,))
    return format_html_join("\n\n", "{}", parts)
