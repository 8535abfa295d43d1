"""Submitting the joint return, reopening it, accepting it late; progress and the access log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from jtai.form_pages import confirm_act, form_flow, form_page

from .. import selectors, services
from ..access import access_for
from ..forms import DecisionForm, ReasonForm
from ..models import ReopenRequest
from .buttons import lead_button


@login_required
def submit(request, reference):
    access = access_for(request.user, reference, "coordinator")
    confirmed = confirm_act(
        request,
        lambda: services.return_submit(user=request.user, access=access),
        "The joint return is submitted. It is now locked.",
    )
    if confirmed.done:
        return redirect("case_audits:overview", reference=reference)
    data = selectors.overview(access)
    return form_page(
        request,
        "case_audits/submit.html",
        {"inspection": access.inspection, "data": data, "error": confirmed.error, "now": timezone.now()},
        title="Submit the joint return",
        refused=bool(confirmed.error),
    )


@login_required
def reopen_ask(request, reference):
    access = access_for(request.user, reference, "coordinator")
    return form_flow(
        request,
        ReasonForm(request.POST or None),
        lambda data: services.reopen_ask(user=request.user, access=access, reason=data["reason"]),
        done="The lead inspector has been asked to reopen the return.",
        then=reverse("case_audits:overview", args=[reference]),
        template="case_audits/form_page.html",
        context={
            "heading": "Ask to reopen the return",
            "inspection": access.inspection,
            "button": "Ask the lead inspector",
        },
        title="Ask to reopen the return",
    )


@login_required
def reopen_decide(request, reference, pk):
    access = access_for(request.user, reference, "lead")
    reopen = get_object_or_404(ReopenRequest, pk=pk, request__inspection=access.inspection)

    def decide(data):
        grant = data["decision"] == "grant"
        services.reopen_decide(user=request.user, access=access, reopen=reopen, grant=grant, note=data["note"])
        return grant

    return form_flow(
        request,
        DecisionForm(request.POST or None),
        decide,
        done=lambda granted: "The return is reopened." if granted else "The return stays submitted.",
        then=reverse("case_audits:overview", args=[reference]),
        template="case_audits/form_page.html",
        context={
            "heading": "Reopen the return?",
            "lede": f"The coordinator asks: “{reopen.reason}”",
            "inspection": access.inspection,
            "button": "Save the decision",
        },
        title="Reopen the return?",
    )


accept_late = lead_button(services.late_accept, "The late return is accepted.", anchor="accept-late")


@login_required
def progress(request, reference):
    access = access_for(request.user, reference, "lead", "team", "coordinator")
    data, rows = selectors.progress(access)
    return render(
        request,
        "case_audits/progress.html",
        {"page_title": f"Progress – {reference}", "inspection": access.inspection, "data": data, "rows": rows},
    )


@login_required
def access_log(request, reference):
    access = access_for(request.user, reference, "lead")
    return render(
        request,
        "case_audits/access_log.html",
        {
            "page_title": f"Who read the case audits – {reference}",
            "inspection": access.inspection,
            "entries": selectors.access_log(access.inspection),
        },
    )
