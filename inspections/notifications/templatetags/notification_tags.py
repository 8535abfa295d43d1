from django import template

from inspections import permissions

from ..models import Message, MessageKind, MessageStatus
from ..selectors import notifications_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_panel_for(context, inspection):
    """The inspection page's notifications section, for whoever is looking. Read once per request:
    the failed-message banner at the top of the page and the section below share it."""
    request = context["request"]
    cache = request.__dict__.setdefault("_notifications_panels", {})
    if inspection.pk not in cache:
        cache[inspection.pk] = notifications_panel(user=request.user, inspection=inspection)
    return cache[inspection.pk]


@register.simple_tag(takes_context=True)
def failed_notification_for(context, inspection):
    """The DCS's notification when it failed, for the page's summary to say "Not sent" rather than "Due"."""
    panel = notifications_panel_for(context, inspection)
    return next((m for m in panel.failed if m.kind == MessageKind.DCS_NOTIFICATION), None)


@register.simple_tag(takes_context=True)
def failed_message_inspections(context, rows) -> set[int]:
    """The ids of those inspections among the programme's `rows` with a failed message, in one query
    whatever their number. Only inspectors learn of messages: the list of messages is the team's."""
    if permissions.inspector_for(context["request"].user) is None:
        return set()
    ids = [row.inspection.pk for row in rows]
    if not ids:
        return set()
    return set(
        Message.objects.filter(inspection_id__in=ids, status=MessageStatus.FAILED)
        .values_list("inspection_id", flat=True)
        .distinct()
    )
