"""The manager's page for a theme's thematic report: the overview, the summary, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from inspections import permissions as core
from inspections.models import Theme
from jtai.errors import DomainError
from jtai.form_pages import form_page, form_save, refusal_put

from .. import selectors, thematic
from ..forms import THEMATIC_SECTIONS, ThematicSummaryForm


@login_required
def thematic_report(request, slug):
    core.require(core.is_manager(request.user), "Only an inspectorate manager writes thematic reports.")
    theme = get_object_or_404(Theme, slug=slug)
    report = selectors.thematic_report_of(theme)
    form = ThematicSummaryForm(
        request.POST or None, initial={name: getattr(report, name) if report else "" for name in THEMATIC_SECTIONS}
    )
    if request.method == "POST" and request.POST.get("action") == "publish":
        try:
            thematic.thematic_report_publish(user=request.user, theme=theme)
        except DomainError as error:
            refusal_put(form, error)
        else:
            messages.success(request, "The thematic report is published. Its PDF is being made.")
            return redirect("reports:thematic", slug=slug)
    elif form_save(request, form, lambda data: thematic.thematic_report_save(user=request.user, theme=theme, **data)):
        messages.success(request, "The summary is saved.")
        return redirect("reports:thematic", slug=slug)
    return form_page(
        request,
        "reports/thematic.html",
        {
            "theme": theme,
            **selectors.thematic_context(theme=theme, report=report, links=True),
        },
        title=f"Thematic report: {theme.name}",
        form=form,
    )
