"""The overview, the DCS coordinator's nomination and the contributors."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jtai.form_pages import form_page, form_save

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
    form = NominateForm(request.POST or None, inspection=access.inspection)
    if saved := form_save(
        request,
        form,
        lambda data: services.coordinator_nominate(
            user=request.user, access=access, person=data["person"], name=data["name"], email=data["email"]
        ),
    ):
        flash.success(request, f"{saved.value.person.name} is now the DCS coordinator, and has been told by e-mail.")
        return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/nominate.html",
        {
            "inspection": access.inspection,
            "current": selectors.coordinator_of(access.inspection),
            "former": selectors.former_coordinators(access.inspection),
        },
        title="Nominate the DCS coordinator",
        form=form,
    )


@login_required
def contributors(request, reference):
    access = access_for(request.user, reference, "coordinator", "lead")
    form = ContributorForm(request.POST or None, inspection=access.inspection)
    if saved := form_save(
        request,
        form,
        lambda data: services.contributor_add(
            user=request.user, access=access, agency=data["agency"], name=data["name"], email=data["email"]
        ),
    ):
        added = saved.value
        flash.success(request, f"{added.person.name} can now evaluate {added.agency}'s cases, and has been told.")
        return redirect("case_audits:contributors", reference=reference)
    return form_page(
        request,
        "case_audits/contributors.html",
        {
            "inspection": access.inspection,
            "contributors": Contributor.objects.filter(inspection=access.inspection).select_related(
                "person__user", "agency"
            ),
        },
        title="Contributors",
        form=form,
    )


@login_required
@require_POST
def contributor_remove(request, reference, pk):
    access = access_for(request.user, reference)
    contributor = get_object_or_404(Contributor, pk=pk, inspection=access.inspection)
    services.contributor_remove(user=request.user, access=access, contributor=contributor)
    flash.success(request, f"{contributor.person.name} is no longer a contributor.")
    return redirect("case_audits:contributors", reference=reference)
