"""The inspection's team page: the lead inspector or a manager chooses who leads and who else is on it."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from jtai.form_pages import form_page, form_save

from .. import permissions
from ..forms import TeamForm
from ..models import Stage
from ..services.team import inspection_team_change


def _names(inspectors) -> str:
    names = [i.name for i in inspectors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _tell(request, inspection, change) -> None:
    done = []
    if change.new_lead:
        done.append(f"{change.new_lead.name} is now the lead inspector")
    if change.added:
        done.append(f"{_names(change.added)} joined the team")
    if change.removed:
        done.append(f"{_names(change.removed)} left the team and will be told")
    if done:
        flash.success(request, f"{inspection.reference}: " + "; ".join(done) + ".")
    else:
        flash.info(request, f"The team of {inspection.reference} is unchanged.")
    for warning in change.warnings:
        flash.warning(request, warning.message)


@login_required
def team(request, reference):
    inspection = permissions.team_inspection_for(request.user, reference)
    if not permissions.can_manage(request.user, inspection):
        raise PermissionDenied("Only the lead inspector or a manager can change the team.")
    memberships = list(inspection.team.select_related("inspector__user", "inspector__inspectorate"))
    lead = next((m.inspector for m in memberships if m.is_lead), None)
    form = TeamForm(initial={"lead": lead, "team": [m.inspector for m in memberships if not m.is_lead]})
    if request.method == "POST":
        form = TeamForm(request.POST)
    if saved := form_save(
        request,
        form,
        lambda data: inspection_team_change(
            user=request.user, inspection=inspection, lead=data["lead"], members=list(data["team"])
        ),
    ):
        _tell(request, inspection, saved.value)
        return redirect(f"{reverse('inspections:detail', args=[inspection.reference])}#team")
    closed = inspection.stage in Stage.closed()
    return form_page(
        request,
        "inspections/team.html",
        {
            "inspection": inspection,
            "closed": closed,
        },
        title=f"Team: {inspection.reference}, {inspection.area.name}",
        form=form,
    )
