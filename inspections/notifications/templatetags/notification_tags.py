from django import template
from django.urls import reverse

from inspections import permissions
from inspections.models import in_sentence as _in_sentence

from ..emails import govuk_when
from ..models import CalendarEvent, Message, MessageKind, MessageStatus
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
    whatever their number, asked once per request by each row's tag. Only inspectors learn of
    messages: the list of messages is the team's."""
    request = context["request"]
    ids = tuple(row.inspection.pk for row in rows)
    cache = request.__dict__.setdefault("_failed_message_inspections", {})
    if ids not in cache:
        cache[ids] = _failed_message_inspections(request.user, ids)
    return cache[ids]


def _failed_message_inspections(user, ids: tuple[int, ...]) -> set[int]:
    if permissions.inspector_for(user) is None:
        return set()
    if not ids:
        return set()
    return set(
        Message.objects.filter(inspection_id__in=ids, status=MessageStatus.FAILED)
        .values_list("inspection_id", flat=True)
        .distinct()
    )


@register.simple_tag(takes_context=True)
def calendar_file_for(context, inspection, key) -> str:
    """The address of a meeting's calendar file to download again, or "" once it is cancelled
    (or before it is planned). One query per page, whatever the number of meetings."""
    request = context["request"]
    cache = request.__dict__.setdefault("_calendar_files", {})
    if inspection.pk not in cache:
        keys = CalendarEvent.objects.filter(inspection=inspection, cancelled=False).values_list("key", flat=True)
        cache[inspection.pk] = {
            k: reverse("notifications:meeting_calendar", args=[inspection.reference, k]) for k in keys
        }
    return cache[inspection.pk].get(key, "")


@register.filter
def in_sentence(label: str) -> str:
    """A label mid-sentence ("the notification to the DCS", never "the dcs")."""
    return _in_sentence(str(label))


@register.filter
def when(milestone) -> str:
    """A milestone's date, and its time if it has one, GOV.UK style: "Monday 22 February 2016 at 2pm"."""
    return govuk_when(milestone.date, milestone.time) if milestone else ""
