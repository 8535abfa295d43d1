"""The inspection's local contacts: who is its DCS, coordinator and each agency's senior
leader. The team sees them; local users never do."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from jtai.form_pages import button_act, form_flow

from .. import permissions
from ..contact_forms import ContactAddForm
from ..models import InspectionContact, Stage
from ..services.contacts import contact_add, contact_remove


@login_required
def contacts(request, reference):
    inspection = permissions.team_inspection_for(request.user, reference)
    can_manage = permissions.can_manage(request.user, inspection)
    form = ContactAddForm(inspection=inspection)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Only the lead inspector or a manager can change local contacts.")
        form = ContactAddForm(request.POST, inspection=inspection)
    return form_flow(
        request,
        form,
        lambda data: contact_add(user=request.user, inspection=inspection, **data),
        done=lambda contact: f"{contact.person.name} is now the {contact.get_role_display()}.",
        then=reverse("inspections:contacts", args=[inspection.reference]),
        template="inspections/local_contacts.html",
        context=lambda: {
            "inspection": inspection,
            "contacts": inspection.contacts.select_related("person", "agency"),
            "former": InspectionContact.with_former.former()
            .filter(inspection=inspection)
            .select_related("person", "agency")
            .order_by("-ended_at"),
            # Published or cancelled: the contacts are a record, shown but no longer changed.
            "can_manage": can_manage and inspection.stage not in Stage.closed(),
            "closed": inspection.stage in Stage.closed(),
        },
        title=f"Local contacts: {inspection.reference}, {inspection.area.name}",
    )


@permissions.team_action
def remove_contact(request, inspection, pk):
    contact = get_object_or_404(InspectionContact.objects.select_related("person"), pk=pk, inspection=inspection)
    button_act(
        request,
        lambda: contact_remove(user=request.user, contact=contact),
        f"{contact.person.name} is no longer the {contact.get_role_display()}.",
        anchor="contacts",
    )
    return redirect("inspections:contacts", reference=inspection.reference)
