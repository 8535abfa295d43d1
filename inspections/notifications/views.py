"""The notifications part of the inspection page that acts: resending a failed message; and the
calendar files of an inspection's meetings, to download again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from inspections import permissions
from inspections.models import in_sentence
from jtai.form_pages import button_act

from .emails import meeting_calendar_file
from .models import CalendarEvent, Message
from .services import notification_resend


@permissions.team_action
def resend_message(request, inspection, pk):
    message = get_object_or_404(Message, pk=pk, inspection=inspection)
    button_act(
        request,
        lambda: notification_resend(user=request.user, message=message),
        f"The {in_sentence(message.get_kind_display())} to {message.recipient_name or 'its recipient'} "
        "will be sent again within a minute.",
    )
    return redirect(f"{reverse('inspections:detail', args=[inspection.reference])}#messages")


@login_required
def meeting_calendar(request, reference, key):
    """The .ics of one meeting, for anyone invited to it (everyone who may see the inspection), to
    add to a calendar again. Same UID and SEQUENCE as the latest invitation, so it replaces the entry."""
    inspection = permissions.inspection_for(request.user, reference)
    event = get_object_or_404(CalendarEvent, inspection=inspection, key=key, cancelled=False)
    body = meeting_calendar_file(event=event, user=request.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{inspection.reference}-{key.replace("_", "-")}.ics"'
    return response
