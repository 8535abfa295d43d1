"""A case, its evaluations, attachments and samples."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections.models import ScopeArea
from jtai import uploads
from jtai.errors import DomainError
from jtai.form_pages import button_act, form_page, refusal_put

from .. import selectors, services
from ..access import access_for
from ..forms import AttachmentForm, EvaluationForm, SampleForm
from ..models import Attachment
from .warned import save_or_warn


def case_or_404(access, pk, message: str = "No such case"):
    """The case `pk` of this inspection's request that the user may see, or a 404."""
    case = selectors.case_for(access, pk)
    if case is None:
        raise Http404(message)
    return case


@login_required
def case_detail(request, reference, pk):
    access = access_for(request.user, reference)
    case = case_or_404(access, pk)
    services.case_read_log(access=access, user=request.user, case=case, what="case audit and samples")
    return _render_case(request, access, case)


def _render_case(request, access, case, attachment_form=None):
    scopes = selectors.scope_areas()
    return form_page(
        request,
        "case_audits/case.html",
        {
            "inspection": access.inspection,
            "access": access,
            "case": case,
            "scopes": scopes,
            "attachment_form": attachment_form or AttachmentForm(),
            "can_attach": access.coordinator
            or bool({a.pk for a in case.agencies.all()} & set(access.contributor_agencies)),
        },
        title=f"Case {case.reference}",
        forms=(attachment_form,),
    )


# What each button of the evaluation page does (`evaluation_save`), and what it then says.
ACTIONS = {
    "draft": (False, False, "saved as a draft"),
    "done": (True, False, "marked done"),
    "reopen": (
        False,
        True,
        "taken back to a draft: the coordinator cannot submit the return until it is marked done again",
    ),
}


@login_required
def evaluation(request, reference, pk, agency_pk):
    access = access_for(request.user, reference)
    case = case_or_404(access, pk)
    found = selectors.evaluation_for(access, case, agency_pk)
    if found is None:
        raise Http404("No such evaluation")
    scopes = selectors.scope_areas()
    form = EvaluationForm(request.POST or None, scopes=scopes, initial_answers=found.answers)
    action = request.POST.get("action") if request.POST.get("action") in ACTIONS else "draft"
    done, reopen, said = ACTIONS[action]
    outcome = save_or_warn(
        request,
        form,
        lambda data: services.evaluation_save(
            user=request.user, access=access, evaluation=found, done=done, reopen=reopen, **form.words()
        ),
    )
    if outcome.saved:
        flash.success(request, f"{found.agency}'s evaluation of case {case.reference} is {said}.")
        return redirect("case_audits:case", reference=reference, pk=case.pk)
    if request.method == "POST":
        # Refused or warned, the page shows the evaluation as it now is: someone may have marked it done meanwhile.
        found.refresh_from_db()
    else:
        services.case_read_log(access=access, user=request.user, case=case, what=f"{found.agency}'s evaluation")
    return form_page(
        request,
        "case_audits/evaluation.html",
        {
            "inspection": access.inspection,
            "case": case,
            "evaluation": found,
            "warning": outcome.warning,
            "action": action,
            "editable": access.may_edit_evaluation(found.agency_id) and not case.request.is_locked,
        },
        title=f"{found.agency}: case {case.reference}",
        form=form,
    )


@login_required
@require_POST
@uploads.limited_uploads
def attachment_add(request, reference, pk):
    access = access_for(request.user, reference)
    case = case_or_404(access, pk)
    if uploads.too_big(request):
        return _render_case(request, access, case, uploads.refused(AttachmentForm, request))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(user=request.user, access=access, case=case, upload=form.cleaned_data["file"])
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, "The attachment is added.")
            return redirect("case_audits:case", reference=reference, pk=case.pk)
    return _render_case(request, access, case, form)


def file_response(stored, name: str, content_type: str):
    if not stored:
        raise Http404("No such file")
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_download(request, reference, pk):
    access = access_for(request.user, reference)
    attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
    case_or_404(access, attachment.case_id, "No such file")
    services.case_read_log(access=access, user=request.user, case=attachment.case, what=f"attachment {attachment}")
    return file_response(attachment.file, attachment.original_name, attachment.content_type)


@login_required
@require_POST
def attachment_remove(request, reference, pk):
    access = access_for(request.user, reference)
    attachment = get_object_or_404(Attachment.objects.select_related("case__request"), pk=pk)
    case_or_404(access, attachment.case_id, "No such file")
    button_act(
        request,
        lambda: services.attachment_remove(user=request.user, access=access, attachment=attachment),
        f"“{attachment.original_name}” is removed from case {attachment.case.reference}.",
    )
    return redirect("case_audits:case", reference=reference, pk=attachment.case_id)


@login_required
def sample(request, reference, pk):
    access = access_for(request.user, reference, "sees_samples")
    case = case_or_404(access, pk)
    inspector = getattr(request.user, "inspector", None)
    existing = next(
        (s for s in case.samples.all() if inspector and s.inspectorate_id == inspector.inspectorate_id), None
    )
    scopes = list(ScopeArea.objects.order_by("order"))
    initial = (
        {
            "evidence": existing.evidence,
            "agreement": existing.agreement,
            "agreement_reason": existing.agreement_reason,
            "finding_reference": existing.finding_reference,
        }
        if existing
        else {}
    )
    form = SampleForm(
        request.POST or None, initial=initial, scopes=scopes, initial_answers=existing.answers if existing else {}
    )
    if existing and request.method != "POST":
        services.case_read_log(access=access, user=request.user, case=case, what=f"{existing.inspectorate}'s sample")
    outcome = save_or_warn(
        request,
        form,
        lambda data: services.sample_save(user=request.user, access=access, case=case, **form.words()),
    )
    if outcome.saved:
        flash.success(request, f"Your sample of case {case.reference} is recorded.")
        return redirect("case_audits:case", reference=reference, pk=case.pk)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": f"Sample case {case.reference}",
            "lede": "Your inspectorate's joint sampling of this audited case, and whether you agree with the area's "
            "own audit.",
            "inspection": access.inspection,
            "warning": outcome.warning,
            "button": "Save the sample",
            "back": reverse("case_audits:case", args=[reference, case.pk]),
        },
        title=f"Sample case {case.reference}",
        form=form,
    )
