"""Choosing a password with a single-use invitation link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jtai.form_pages import form_page, form_save
from jtai.rate_limits import over_a_limit

from .. import selectors
from ..forms import NewLinkForm, PasswordForm
from ..invitations import invitation_accept, invitation_lookup, invitation_renew
from ..models import Contributor


def invitation(request, token):
    """Choose a password with a single-use link; no self-registration otherwise."""
    found = invitation_lookup(token)
    if found is None or not found.is_open() or found.person.user_id is not None:
        lead = selectors.lead_of(found.inspection) if found else None
        return render(
            request,
            "case_audits/invitation_spent.html",
            {
                "page_title": "This link no longer works",
                "invitation": found,
                "lead": lead,
                "new_link_form": NewLinkForm() if found and found.person.user_id is None else None,
                "token": token,
            },
            status=410 if found else 404,
        )
    form = PasswordForm(request.POST or None)
    if saved := form_save(request, form, lambda data: invitation_accept(token=token, **data)):
        user, used = saved.value
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        flash.success(request, "Your account is ready. You are signed in.")
        if Contributor.objects.filter(inspection=used.inspection, person__user=user).exists():
            return redirect("case_audits:overview", reference=used.inspection.reference)
        return redirect("inspections:detail", reference=used.inspection.reference)
    return form_page(
        request, "case_audits/invitation.html", {"invitation": found}, title="Choose a password", form=form
    )


@require_POST
def invitation_new_link(request, token):
    """Ask for a new link from the page an expired one opens. The answer is the same whether or
    not the address given is the one recorded: only its owner's mailbox learns which."""
    found = invitation_lookup(token)
    if found is None or found.is_open() or found.person.user_id is not None:
        return redirect("case_audits:invitation", token=token)
    form = NewLinkForm(request.POST)
    limited = over_a_limit(
        request,
        group="invitation-new-link",
        limits=(
            (lambda group, request: token, settings.INVITATION_NEW_LINK_RATE_PER_LINK),
            ("ip", settings.INVITATION_NEW_LINK_RATE_PER_IP),
        ),
    )
    if limited:
        form.is_valid()
        form.add_error(None, "You have asked for too many new links. Try again later.")
    if form.is_valid():
        invitation_renew(token=token, email=form.cleaned_data["email"])
        return render(
            request,
            "case_audits/invitation_new_link_sent.html",
            {"page_title": "Check your email", "email": form.cleaned_data["email"], "invitation": found},
        )
    response = form_page(
        request,
        "case_audits/invitation_spent.html",
        {"invitation": found, "lead": selectors.lead_of(found.inspection), "new_link_form": form, "token": token},
        title="This link no longer works",
        form=form,
    )
    if limited:
        response.status_code = 429
    return response
