"""The overview, the DCS coordinator's nomination and the contributors."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jtai.form_pages import form_flow

from .. import selectors, services
from ..access import access_for
from ..forms import ContributorForm, NominateForm
from ..models import Contributor


@login_required
def overview(request, reference):
    access = access_for(request.user, reference)
    data = selectors.overview(access)
    return render(
        request,
        "case_audits/overview.html",
        {"page_title": f"Case audits – {reference}", "data": data, "access": access, "inspection": access.inspection},
    )


@login_required
def nominate(request, reference):
    access = access_for(request.user, reference, "dcs", "lead")
    return form_flow(
        request,
        NominateForm(request.POST or None, inspection=access.inspection),
        # The form's fields are the service's words.
        lambda data: services.coordinator_nominate(user=request.user, access=access, **data),
        done=lambda nominated: f"{nominated.person.name} is now the DCS coordinator, and has been told by e-mail.",
        then=reverse("case_audits:overview", args=[reference]),
        template="case_audits/nominate.html",
        context=lambda: {
            "inspection": access.inspection,
            "current": selectors.coordinator_of(access.inspection),
            "former": selectors.former_coordinators(access.inspection),
        },
        title="Nominate the DCS coordinator",
    )


@login_required
def contributors(request, reference):
    access = access_for(request.user, reference, "coordinator", "lead")
    return form_flow(
        request,
        ContributorForm(request.POST or None, inspection=access.inspection),
        lambda data: services.contributor_add(user=request.user, access=access, **data),
        done=lambda added: f"{added.person.name} can now evaluate {added.agency}'s cases, and has been told.",
        then=reverse("case_audits:contributors", args=[reference]),
        template="case_audits/contributors.html",
        context={
            "inspection": access.inspection,
            "contributors": Contributor.objects.filter(inspection=access.inspection).select_related(
                "person__user", "agency"
            ),
        },
        title="Contributors",
    )


@login_required
@require_POST
def contributor_remove(request, reference, pk):
    access = access_for(request.user, reference)
    contributor = get_object_or_404(Contributor, pk=pk, inspection=access.inspection)
    services.contributor_remove(user=request.user, access=access, contributor=contributor)
    flash.success(request, f"{contributor.person.name} is no longer a contributor.")
    return redirect("case_audits:contributors", reference=reference)
