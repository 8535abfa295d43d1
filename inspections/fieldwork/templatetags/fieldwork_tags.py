from django import template
from django.http import Http404
from django.urls import reverse

from .. import access

register = template.Library()


@register.simple_tag(takes_context=True)
def fieldwork_links(context, inspection):
    """The inspection page's links to the week on site, for its team and managers only."""
    user = context["request"].user
    try:
        access.inspection_for(user, inspection.reference)
    except Http404:
        return []
    links = [
        {"url": reverse("fieldwork:records", args=[inspection.reference]), "label": "Your evidence records"},
        {
            "url": reverse("fieldwork:board", args=[inspection.reference]),
            "label": "The evidence board and emerging findings",
        },
    ]
    if access.may_record_findings(user, inspection):
        links.append(
            {"url": reverse("fieldwork:emerging", args=[inspection.reference]), "label": "Record an emerging finding"}
        )
    return links
