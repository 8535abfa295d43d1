"""The written statement of action's pages: the statement (read by the team and every partner told
of the inspection once the letter is published; written and sent by the DCS or the coordinator;
reviewed by the lead inspector or a manager), an action's page, and its documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections import permissions as core
from inspections.reports.models import Recommendation
from jtai import uploads
from jtai.errors import DomainError
from jtai.form_pages import button_act, form_flow, form_page, form_save

from . import statements
from .statement_forms import ActionForm, AttachmentForm, ReviewForm
from .statement_models import StatementAction, StatementAttachment
from .statement_selectors import reviews_statement, statement_page, writes_statement

TITLE = "Written statement of action"


def _page(request, reference):
    inspection = core.inspection_for(request.user, reference)
    return inspection, statement_page(user=request.user, inspection=inspection)


def _statement_url(inspection, anchor: str = "") -> str:
    return reverse("statements:statement", args=[inspection.reference]) + (f"#{anchor}" if anchor else "")


def _back(inspection, anchor: str = ""):
    return redirect(_statement_url(inspection, anchor))


def _render(request, inspection, page, *, attach_form=None, review_form=None, refused_gaps=False):
    return form_page(
        request,
        "areas/statements/statement.html",
        {
            "inspection": inspection,
            "page": page,
            "attach_form": attach_form or (AttachmentForm() if page.can_write else None),
            "review_form": review_form or (ReviewForm() if page.can_review else None),
            "refused_gaps": refused_gaps,
        },
        title=f"{TITLE}: {inspection.reference}",
        forms=(attach_form, review_form),
        refused=refused_gaps,
    )


@login_required
def statement(request, reference):
    inspection, page = _page(request, reference)
    return _render(request, inspection, page)


@login_required
@require_POST
@uploads.limited_uploads
def attach(request, reference):
    inspection, page = _page(request, reference)
    core.require(writes_statement(request.user, inspection), "Only the DCS or the DCS coordinator writes it.")
    if uploads.too_big(request):
        form = uploads.refused(AttachmentForm, request, field="document")
    else:
        form = AttachmentForm(request.POST, request.FILES)
    if form_save(
        request,
        form,
        lambda data: statements.statement_attach(user=request.user, inspection=inspection, document=data["document"]),
    ):
        messages.success(request, "The document is attached.")
        return _back(inspection, "documents")
    return _render(request, inspection, statement_page(user=request.user, inspection=inspection), attach_form=form)


@login_required
@require_POST
def send(request, reference):
    inspection, page = _page(request, reference)
    try:
        statements.statement_send(user=request.user, inspection=inspection)
    except DomainError:
        # The page lists each thing missing, linked to where it is put right.
        return _render(request, inspection, page, refused_gaps=True)
    messages.success(request, "The written statement of action is sent to the inspectorates.")
    return redirect("inspections:detail", reference=inspection.reference)


@login_required
@require_POST
def review(request, reference):
    inspection, page = _page(request, reference)
    core.require(reviews_statement(request.user, inspection), "Only the lead inspector or a manager reviews it.")
    form = ReviewForm(request.POST)
    if form_save(
        request,
        form,
        lambda data: statements.statement_review(
            user=request.user, inspection=inspection, decision=data["decision"], reasons=data["reasons"]
        ),
    ):
        messages.success(request, "Your decision is recorded, and the DCS and the coordinator are told.")
        return _back(inspection)
    return _render(request, inspection, page, review_form=form)


@login_required
def action_edit(request, reference, recommendation, pk=None):
    inspection, page = _page(request, reference)
    core.require(writes_statement(request.user, inspection), "Only the DCS or the DCS coordinator writes it.")
    recommendation = get_object_or_404(Recommendation, pk=recommendation, inspection=inspection)
    action = None
    if pk is not None:
        action = get_object_or_404(
            StatementAction, pk=pk, recommendation=recommendation, statement__inspection=inspection
        )
    initial = (
        {"text": action.text, "agencies": list(action.agencies.all()), "due_on": action.due_on} if action else None
    )
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial, inspection=inspection)
    row = next(r for r in page.rows if r.recommendation.pk == recommendation.pk)
    return form_flow(
        request,
        form,
        # The form's fields are the service's words: the text, the agencies, the day it is due.
        lambda data: statements.statement_action_save(
            user=request.user, inspection=inspection, recommendation=recommendation, action=action, **data
        ),
        done="The action is saved.",
        then=_statement_url(inspection, f"recommendation-{recommendation.pk}"),
        template="areas/statements/action.html",
        context={"inspection": inspection, "page": page, "row": row, "action": action},
        title=f"{'Change the' if action else 'Add an'} action: {row.label}",
    )


@login_required
@require_POST
def action_delete(request, reference, pk):
    inspection, page = _page(request, reference)
    action = get_object_or_404(StatementAction, pk=pk, statement__inspection=inspection)
    back = _back(inspection, f"recommendation-{action.recommendation_id}")
    button_act(
        request,
        lambda: statements.statement_action_delete(user=request.user, inspection=inspection, action=action),
        "The action is removed.",
    )
    return back


@login_required
def attachment_download(request, reference, pk):
    inspection, page = _page(request, reference)
    attachment = get_object_or_404(StatementAttachment, pk=pk, statement__inspection=inspection)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{inspection.reference}-written-statement-of-action.{attachment.file.name.rsplit('.', 1)[-1]}",
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_remove(request, reference, pk):
    inspection, page = _page(request, reference)
    attachment = get_object_or_404(StatementAttachment, pk=pk, statement__inspection=inspection)
    button_act(
        request,
        lambda: statements.statement_attachment_remove(user=request.user, inspection=inspection, attachment=attachment),
        f"{attachment.original_name} is removed.",
    )
    return _back(inspection, "documents")
