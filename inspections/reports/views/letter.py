"""The letter pages of one inspection, for its team: the letter, its findings and recommendations,
its versions. The factual-accuracy check and publication have modules of their own. Each page reads
through a selector and writes through a service; refusals land on the field they name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from inspections import permissions as core
from jtai.form_pages import button_act, form_page, form_save

from .. import composition, letters, selectors
from ..forms import (
    CommentForm,
    FindingForm,
    RecommendationForm,
    RequestKeyForm,
    ResponseForm,
)
from ..models import Finding, LetterVersion, Priority, Recommendation, RenderStatus


def _inspection(request, reference):
    """The inspection, and its letter page as this user may see it: 404 otherwise."""
    inspection = core.inspection_for(request.user, reference)
    page = selectors.letter_page(user=request.user, inspection=inspection)
    if not (page.is_team or (page.is_local and page.letter is not None and page.letter.draft_is_sent)):
        raise Http404("No such page")
    return inspection, page


def _back(inspection):
    return redirect("reports:letter", reference=inspection.reference)


@login_required
def letter(request, reference):
    inspection, page = _inspection(request, reference)
    return render(
        request,
        "reports/letter.html",
        {
            "page_title": f"Letter of findings: {inspection.reference}",
            "inspection": inspection,
            "page": page,
            "findings": selectors.findings_of(inspection) if page.is_team else [],
            "recommendation_groups": _grouped(selectors.recommendations_of(inspection)) if page.is_team else [],
            "key_form": RequestKeyForm(initial={"request_key": _new_key()}),
            "comment_form": CommentForm(),
            "response_form": ResponseForm(),
        },
    )


def _grouped(recommendations):
    return [
        (composition.priority_heading(priority), [r for r in recommendations if r.priority == priority])
        for priority in (Priority.PRIORITY_ACTION, Priority.DEVELOPMENT)
    ]


def _new_key():
    import uuid

    return uuid.uuid4()


@login_required
def preview(request, reference):
    """The letter as HTML: as it stands for the team, as sent for the area."""
    inspection, page = _inspection(request, reference)
    if page.content is None:
        raise Http404("No letter yet")
    return render(
        request,
        "reports/preview.html",
        {"page_title": page.content["title"], "inspection": inspection, "page": page, "letter": page.content},
    )


def _edit(request, reference, pk, *, model, form_class, service, what: str):
    """Add (no `pk`) or change a finding or a recommendation: the team's, while it is reporting."""
    team_inspection = core.team_inspection_for(request.user, reference)
    instance = get_object_or_404(model, pk=pk, inspection=team_inspection) if pk else None
    delete = reverse(f"reports:{what}_delete", args=[reference, pk]) if pk else None
    inspection, page = _inspection(request, reference)
    core.require(page.can_write, "Findings and recommendations are written by the team while it is reporting.")
    initial = None
    if instance is not None:
        many = ("agencies", "samples", "records")
        initial = {f: getattr(instance, f) for f in form_class.base_fields if f not in many}
        for name in many:
            if name in form_class.base_fields:
                initial[name] = list(getattr(instance, name).all())
        initial["scope_area"] = instance.scope_area
    form = form_class(request.POST if request.method == "POST" else None, initial=initial, inspection=inspection)
    if form_save(
        request,
        form,
        lambda data: service(
            user=request.user, inspection=inspection, **data, **({what: instance} if instance else {})
        ),
    ):
        messages.success(request, f"The {what} is saved.")
        return _back(inspection)
    verb = "Change" if instance else "Add"
    return form_page(
        request,
        "reports/edit.html",
        {
            "heading": f"{verb} a {what}",
            "inspection": inspection,
            "instance": instance,
            "delete_url": delete,
        },
        title=f"{verb} a {what}",
        form=form,
    )


@login_required
def finding_edit(request, reference, pk=None):
    return _edit(
        request, reference, pk, model=Finding, form_class=FindingForm, service=letters.finding_save, what="finding"
    )


@login_required
def recommendation_edit(request, reference, pk=None):
    return _edit(
        request,
        reference,
        pk,
        model=Recommendation,
        form_class=RecommendationForm,
        service=letters.recommendation_save,
        what="recommendation",
    )


def _post_and_back(request, inspection, action, success: str, *, anchor: str):
    """A button's action on the letter page; its refusal is the page's error summary, linked to `anchor`."""
    button_act(request, action, success, anchor=anchor)
    return _back(inspection)


def _remove(request, inspection, pk, model, remove, done: str, *, anchor: str):
    """A finding's or a recommendation's "Remove" button: `remove`, its service, and back to `anchor`."""
    row = get_object_or_404(model, pk=pk, inspection=inspection)
    return _post_and_back(
        request, inspection, lambda: remove(user=request.user, **{model._meta.model_name: row}), done, anchor=anchor
    )


@core.team_action
def finding_delete(request, inspection, pk):
    return _remove(request, inspection, pk, Finding, letters.finding_delete, "Finding removed.", anchor="findings")


@core.team_action
def recommendation_delete(request, inspection, pk):
    return _remove(
        request,
        inspection,
        pk,
        Recommendation,
        letters.recommendation_delete,
        "Recommendation removed.",
        anchor="recommendations",
    )


@core.team_action
def recommendation_move(request, inspection, pk):
    recommendation = get_object_or_404(Recommendation, pk=pk, inspection=inspection)
    direction = request.POST.get("direction", "")
    return _post_and_back(
        request,
        inspection,
        lambda: letters.recommendation_move(user=request.user, recommendation=recommendation, direction=direction),
        "",
        anchor="recommendations",
    )


@core.team_action
def render_version(request, inspection):
    form = RequestKeyForm(request.POST)
    made = button_act(
        request,
        lambda: letters.letter_render_request(user=request.user, inspection=inspection, request_key=form.key()),
        anchor="versions",
    )
    if made is None:
        return _back(inspection)
    return redirect("reports:version", reference=inspection.reference, number=made.value.number)


def _version(request, reference, number) -> tuple:
    inspection, page = _inspection(request, reference)
    version = get_object_or_404(LetterVersion.objects.select_related("requested_by"), letter=page.letter, number=number)
    if not page.is_team and version.pk not in {v.pk for v in page.versions}:
        raise Http404("No such version")
    return inspection, page, version


@login_required
def version(request, reference, number):
    """A version's PDF job: its state until it is done, then its details and link."""
    inspection, page, version = _version(request, reference, number)
    waiting = version.status in (RenderStatus.PENDING, RenderStatus.RENDERING)
    return render(
        request,
        "reports/version.html",
        {
            "page_title": f"{inspection.reference} letter, version {version.number}",
            "inspection": inspection,
            "version": version,
            "waiting": waiting,
        },
    )


@login_required
def version_pdf(request, reference, number):
    inspection, page, version = _version(request, reference, number)
    if not version.is_ready:
        return redirect("reports:version", reference=inspection.reference, number=version.number)
    return FileResponse(
        version.file.open("rb"),
        as_attachment=False,
        filename=f"{inspection.reference}-letter-v{version.number}.pdf",
        content_type="application/pdf",
    )
