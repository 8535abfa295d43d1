"""The manager's page for a theme's thematic report: the overview, the summary, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from inspections import permissions as core
from inspections.models import Theme
from jtai.errors import DomainError
from jtai.form_pages import form_page, form_save, refusal_put

from .. import selectors, thematic
from ..forms import ThematicSummaryForm
from ..models import THEMATIC_SECTIONS


@login_required
def thematic_index(request):
    """The deep-dive themes and their thematic reports, for inspectors; managers write and publish them."""
    core.require(core.inspector_for(request.user) is not None, "The thematic reports are for inspectors.")
    return render(
        request,
        "reports/thematic_index.html",
        {
            "page_title": "Thematic reports",
            "themes": selectors.thematic_reports_index(),
            "is_manager": core.is_manager(request.user),
        },
    )


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
            edition = thematic.thematic_report_publish(user=request.user, theme=theme)
        except DomainError as error:
            refusal_put(form, error)
        else:
            messages.success(request, f"Edition {edition.number} is published. Its PDF is being made.")
            return redirect("reports:thematic", slug=slug)
    elif form_save(request, form, lambda data: thematic.thematic_report_save(user=request.user, theme=theme, **data)):
        messages.success(request, "The text is saved. The public reads it once you publish it as a new edition.")
        return redirect("reports:thematic", slug=slug)
    editions = selectors.thematic_editions(theme)
    return form_page(
        request,
        "reports/thematic.html",
        {
            "theme": theme,
            "editions": editions,
            "letters_since": selectors.letters_since(editions[0]) if editions else [],
            **selectors.thematic_context(theme=theme, report=report, links=True),
        },
        title=f"Thematic report: {theme.name}",
        form=form,
    )
