"""Publishing the letter, and the area's written statement of action that is then due."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from inspections import permissions as core
from jtai import uploads
from jtai.form_pages import confirm_act, form_page, form_save

from .. import permissions, publication, selectors
from ..forms import ActionPlanForm
from ..models import ActionPlanSubmission
from .letter import _back, _inspection


@login_required
def publish(request, reference):
    """Publishing now, confirmed on a page that says when the letter would otherwise publish."""
    inspection = core.team_inspection_for(request.user, reference)
    core.require(permissions.manages_letter(request.user, inspection), "Only the lead or a manager publishes.")
    letter = selectors.letter_of(inspection)
    if letter is None or not letter.is_final or letter.is_published:
        return _back(inspection)
    confirmed = confirm_act(
        request,
        lambda: publication.letter_publish(user=request.user, inspection=inspection),
        "The letter is published.",
    )
    if confirmed.done:
        return _back(inspection)
    return form_page(
        request,
        "reports/publish.html",
        {
            "inspection": inspection,
            "letter": letter,
            "error": confirmed.error,
            "today": timezone.localdate(),
            "confirm_id": "publish",
        },
        title=f"Publish the letter of {inspection.reference} now",
        refused=bool(confirmed.error),
    )


@login_required
@uploads.limited_uploads
def action_plan(request, reference):
    inspection, page = _inspection(request, reference)
    if not permissions.reads_action_plan(request.user, inspection, page.letter):
        raise Http404("Not published")
    if uploads.too_big(request):
        form = uploads.refused(ActionPlanForm, request, field="document")
    else:
        form = ActionPlanForm(request.POST or None, request.FILES or None)
    if form_save(
        request,
        form,
        lambda data: publication.action_plan_submit(
            user=request.user, inspection=inspection, document=data["document"]
        ),
    ):
        messages.success(request, "The written statement of action is sent to the inspectorates.")
        return _back(inspection)
    return form_page(
        request,
        "reports/action_plan.html",
        {
            "inspection": inspection,
            "page": page,
            "can_submit": permissions.submits_action_plan(request.user, inspection),
        },
        title="Send the written statement of action",
        form=form,
    )


@login_required
def action_plan_download(request, reference, pk):
    inspection, page = _inspection(request, reference)
    if not permissions.reads_action_plan(request.user, inspection, page.letter):
        raise Http404("Not published")
    submission = get_object_or_404(ActionPlanSubmission, pk=pk, letter=page.letter)
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=f"{inspection.reference}-written-statement-of-action.{submission.file.name.rsplit('.', 1)[-1]}",
        content_type=submission.content_type,
    )
