"""Choosing a password with a single-use invitation link."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import login
from django.shortcuts import redirect, render

from jtai.errors import DomainError
from jtai.form_pages import form_page, refusal_put

from .. import selectors
from ..forms import PasswordForm
from ..invitations import invitation_accept, invitation_lookup
from ..models import Contributor


def invitation(request, token):
    """Choose a password with a single-use link; no self-registration otherwise."""
    found = invitation_lookup(token)
    if found is None or not found.is_open() or found.person.user_id is not None:
        lead = selectors.lead_of(found.inspection) if found else None
        return render(
            request,
            "case_audits/invitation_spent.html",
            {"page_title": "This link no longer works", "invitation": found, "lead": lead},
            status=410 if found else 404,
        )
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, used = invitation_accept(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            flash.success(request, "Your account is ready. You are signed in.")
            if Contributor.objects.filter(inspection=used.inspection, person__user=user).exists():
                return redirect("case_audits:overview", reference=used.inspection.reference)
            return redirect("inspections:detail", reference=used.inspection.reference)
    return form_page(
        request, "case_audits/invitation.html", {"invitation": found}, title="Choose a password", form=form
    )
