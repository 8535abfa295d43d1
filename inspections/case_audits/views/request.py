"""The case-audit request, as the lead inspector writes and sends it."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jtai.form_pages import button_act, form_page

from .. import selectors, services
from ..access import access_for
from ..forms import CaseForm, RequestForm
from .buttons import lead_button
from .cases import case_or_404
from .warned import save_or_warn


@login_required
def request_edit(request, reference):
    access = access_for(request.user, reference, "lead")
    inspection = access.inspection
    current = selectors.request_for(inspection)
    default = selectors.cases_default(inspection)
    framework = inspection.framework
    initial = (
        {"cases_number": current.cases_number, "number_reason": current.number_reason, "cohort": current.cohort}
        if current
        else {"cases_number": default.number}
    )
    form = RequestForm(
        request.POST or None,
        initial=initial,
        low=framework.case_audits_min,
        high=framework.case_audits_max,
        default_why=f"The default is {default.number}: {default.why}",
    )
    outcome = save_or_warn(
        request,
        form,
        # The form's fields are the service's words: the number, its reason, the cohort, confirmed.
        lambda data: services.request_save(user=request.user, access=access, **data),
    )
    if outcome.saved:
        flash.success(request, "The request is saved. It is not sent until you send it.")
        return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "The case-audit request",
            "inspection": inspection,
            "warning": outcome.warning,
            "button": "Save the request",
        },
        title="The case-audit request",
        form=form,
    )


@login_required
def case_add(request, reference):
    access = access_for(request.user, reference, "lead")
    form = CaseForm(request.POST or None, inspection=access.inspection)
    outcome = save_or_warn(
        request,
        form,
        lambda data: services.case_add(user=request.user, access=access, **data),
    )
    if outcome.saved:
        flash.success(request, f"Case {outcome.saved.value.reference} is in the request.")
        return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "Add a case",
            "lede": "Identify the case only by the area's own reference: never a child's name or date of birth.",
            "inspection": access.inspection,
            "warning": outcome.warning,
            "button": "Add the case",
        },
        title="Add a case",
        form=form,
    )


@login_required
@require_POST
def case_remove(request, reference, pk):
    access = access_for(request.user, reference)
    case = case_or_404(access, pk)
    button_act(
        request, lambda: services.case_remove(user=request.user, access=access, case=case), anchor="request-cases"
    )
    return redirect("case_audits:overview", reference=reference)


request_send = lead_button(services.request_send, "The request has gone to the DCS coordinator.", anchor="send")
