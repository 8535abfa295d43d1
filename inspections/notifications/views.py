"""The notifications part of the inspection page that acts: resending a failed message."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections import permissions
from inspections.models import in_sentence
from jtai.errors import DomainError

from .models import Message
from .services import notification_resend


@login_required
@require_POST
def resend_message(request, reference, pk):
    inspection = permissions.team_inspection_for(request.user, reference)
    message = get_object_or_404(Message, pk=pk, inspection=inspection)
    try:
        notification_resend(user=request.user, message=message)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(
            request,
            f"The {in_sentence(message.get_kind_display())} to {message.recipient_name or 'its recipient'} "
            "will be sent again within a minute.",
        )
    return redirect(f"{reverse('inspections:detail', args=[inspection.reference])}#messages")
