"""The notifications part of the inspection page: the message list, resending a failed
message, and the inspection's local contacts. The team sees them; local users never do."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import permissions
from ..contact_forms import ContactAddForm
from ..dispatch import notification_resend
from ..models import ContactRole, Inspection, InspectionContact, Message, MessageKind, MessageStatus
from ..services.contacts import CLOSED_STAGES, ContactError, contact_add, contact_remove


@dataclass
class NotificationsPanel:
    visible: bool
    can_manage: bool = False
    messages: list[Message] = field(default_factory=list)
    contacts: list[InspectionContact] = field(default_factory=list)

    @property
    def failed(self) -> list[Message]:
        return [m for m in self.messages if m.status == MessageStatus.FAILED]

    @property
    def dcs_missing(self) -> bool:
        return not any(c.role == ContactRole.DCS for c in self.contacts)


def notifications_panel(*, user, inspection: Inspection) -> NotificationsPanel:
    """What the section shows, in three queries whatever the number of messages."""
    if not permissions.sees_team_workings(user, inspection):
        return NotificationsPanel(visible=False)
    return NotificationsPanel(
        visible=True,
        can_manage=permissions.can_manage(user, inspection),
        messages=list(inspection.messages.exclude(status=MessageStatus.WITHDRAWN).order_by("due_at", "priority", "pk")),
        contacts=list(inspection.contacts.select_related("person", "agency")),
    )


def _team_inspection(user, reference: str) -> Inspection:
    inspection = permissions.inspection_for(user, reference)
    if not permissions.sees_team_workings(user, inspection):
        # Local users may know the inspection, but not that this page exists.
        raise Http404("No such page")
    return inspection


@login_required
@require_POST
def resend_message(request, reference, pk):
    inspection = _team_inspection(request.user, reference)
    message = get_object_or_404(Message, pk=pk, inspection=inspection)
    try:
        notification_resend(user=request.user, message=message)
    except ValueError as error:
        flash.error(request, str(error))
    else:
        flash.success(
            request,
            f"The {message.get_kind_display().lower()} to {message.recipient_name or 'its recipient'} "
            "will be sent again within a minute.",
        )
    return redirect(f"{reverse('inspections:detail', args=[inspection.reference])}#messages")


@login_required
def contacts(request, reference):
    inspection = _team_inspection(request.user, reference)
    can_manage = permissions.can_manage(request.user, inspection)
    form = ContactAddForm(inspection=inspection)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Only the lead inspector or a manager can change local contacts.")
        form = ContactAddForm(request.POST, inspection=inspection)
        if form.is_valid():
            try:
                contact = contact_add(
                    user=request.user,
                    inspection=inspection,
                    person=form.cleaned_data["person"],
                    role=form.cleaned_data["role"],
                )
            except ContactError as error:
                form.add_error(error.field, str(error))
            else:
                flash.success(request, f"{contact.person.name} is now the {contact.get_role_display()}.")
                return redirect("inspections:contacts", reference=inspection.reference)
        status = 400
    return render(
        request,
        "inspections/local_contacts.html",
        {
            "page_title": ("Error: " if form.errors else "") + f"Local contacts – {inspection.reference}",
            "inspection": inspection,
            "contacts": inspection.contacts.select_related("person", "agency"),
            # Published or cancelled: the contacts are a record, shown but no longer changed.
            "can_manage": can_manage and inspection.stage not in CLOSED_STAGES,
            "closed": inspection.stage in CLOSED_STAGES,
            "form": form,
            "dcs_kind": MessageKind.DCS_NOTIFICATION,
        },
        status=status,
    )


@login_required
@require_POST
def remove_contact(request, reference, pk):
    inspection = _team_inspection(request.user, reference)
    contact = get_object_or_404(InspectionContact.objects.select_related("person"), pk=pk, inspection=inspection)
    try:
        contact_remove(user=request.user, contact=contact)
    except ContactError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, f"{contact.person.name} is no longer the {contact.get_role_display()}.")
    return redirect("inspections:contacts", reference=inspection.reference)
