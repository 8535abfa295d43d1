"""The factual-accuracy check: sending the draft to the area, the area's comments and its single
response, and the team's decisions until the final letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections import permissions as core
from inspections.calendar import govuk_date
from jtai.form_pages import button_act, confirm_act, form_flow, form_page, form_save, refusal_flash

from .. import factual_accuracy, letters, permissions, selectors
from ..forms import CommentForm, DecisionForm, FinaliseForm, MergeForm, RequestKeyForm, ResponseForm
from ..models import CommentStatus, FactualAccuracyComment
from .letter import _back, _inspection, _new_key


@login_required
def send_draft(request, reference):
    inspection = core.team_inspection_for(request.user, reference)
    core.require(permissions.manages_letter(request.user, inspection), "Only the lead or a manager sends the draft.")
    form = RequestKeyForm(request.POST or None, initial={"request_key": _new_key()})
    confirmed = confirm_act(
        request,
        lambda: letters.letter_send_draft(user=request.user, inspection=inspection, request_key=form.key()),
        "The draft is with the area. The DCS and the DCS coordinator are told, with a link to it.",
    )
    if confirmed.done:
        return _back(inspection)
    return form_page(
        request,
        "reports/send_draft.html",
        {"inspection": inspection, "error": confirmed.error, "confirm_id": "send"},
        title=f"Send the draft letter of {inspection.reference}",
        form=form,
        refused=bool(confirmed.error),
    )


@login_required
def comments(request, reference):
    """The factual-accuracy check: the draft's comments, and adding one."""
    inspection, page = _inspection(request, reference)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        core.require(page.can_comment, "Comments are added while the draft is with the area.")
    if form_save(
        request, form, lambda data: factual_accuracy.comment_add(user=request.user, inspection=inspection, **data)
    ):
        messages.success(request, f"Your comment on paragraph {form.cleaned_data['paragraph']} is saved.")
        return redirect("reports:comments", reference=inspection.reference)
    return _comments_page(request, inspection, page, form=form, response_form=ResponseForm())


def _comments_page(request, inspection, page, *, form, response_form):
    """The draft's comments, with the form to add one and the form of the partnership's response."""
    return form_page(
        request,
        "reports/comments.html",
        {"inspection": inspection, "page": page, "form": form, "response_form": response_form},
        title=f"Factual-accuracy check: {inspection.reference}",
        forms=(form, response_form),
    )


def _comment(request, reference, pk):
    inspection, page = _inspection(request, reference)
    comment = next((c for c in page.comments if c.pk == pk), None)
    if comment is None:
        raise Http404("No such comment")
    return inspection, page, comment


@login_required
def comment_edit(request, reference, pk):
    inspection, page, comment = _comment(request, reference, pk)
    initial = {
        "paragraph": comment.paragraph,
        "comment": comment.comment,
        "proposed_correction": comment.proposed_correction,
    }
    form = CommentForm(request.POST or None, initial=initial)
    others = FactualAccuracyComment.objects.filter(letter=page.letter, status=CommentStatus.OPEN).exclude(pk=pk)
    merge_form = MergeForm(comment=comment, choices=others)
    return form_flow(
        request,
        form,
        lambda data: factual_accuracy.comment_edit(
            user=request.user,
            comment=comment,
            paragraph=data["paragraph"],
            text=data["comment"],
            proposed_correction=data["proposed_correction"],
        ),
        done="The comment is changed.",
        then=reverse("reports:comments", args=[inspection.reference]),
        template="reports/comment_edit.html",
        context=lambda: {
            "inspection": inspection,
            "page": page,
            "comment": comment,
            "merge_form": merge_form if page.can_coordinate and others.exists() else None,
        },
        title=f"Change the comment on paragraph {comment.paragraph}",
    )


@login_required
@require_POST
def comment_withdraw(request, reference, pk):
    inspection, page, comment = _comment(request, reference, pk)
    button_act(
        request,
        lambda: factual_accuracy.comment_withdraw(user=request.user, comment=comment),
        f"The comment on paragraph {comment.paragraph} is withdrawn.",
        anchor="comments",
    )
    return redirect("reports:comments", reference=inspection.reference)


@login_required
@require_POST
def comment_merge(request, reference, pk):
    inspection, page, comment = _comment(request, reference, pk)
    others = FactualAccuracyComment.objects.filter(letter=page.letter, status=CommentStatus.OPEN).exclude(pk=pk)
    form = MergeForm(request.POST, comment=comment, choices=others)
    if form.is_valid():
        button_act(
            request,
            lambda: factual_accuracy.comment_merge(user=request.user, comment=comment, into=form.cleaned_data["into"]),
            "The comments are merged.",
            anchor="comments",
        )
    else:
        refusal_flash(request, "Choose the comment to merge it into.", anchor="comments")
    return redirect("reports:comments", reference=inspection.reference)


@login_required
@require_POST
def respond(request, reference):
    inspection, page = _inspection(request, reference)
    form = ResponseForm(request.POST)
    if saved := form_save(
        request,
        form,
        lambda data: factual_accuracy.factual_accuracy_respond(
            user=request.user, inspection=inspection, covering_note=data["covering_note"]
        ),
    ):
        messages.success(
            request,
            "The partnership's response is submitted" + (", after the deadline." if saved.value.is_late else "."),
        )
        return redirect("reports:comments", reference=inspection.reference)
    return _comments_page(request, inspection, page, form=CommentForm(), response_form=form)


@login_required
def decide(request, reference, pk):
    # The team's page: local users get the 404 of any team page, not a 403 that shows it exists.
    core.team_inspection_for(request.user, reference)
    inspection, page, comment = _comment(request, reference, pk)
    core.require(page.can_decide, "The team decides on comments once the response is in.")
    form = DecisionForm(request.POST or None, initial={"decision": comment.decision, "reason": comment.decision_reason})
    return form_flow(
        request,
        form,
        lambda data: factual_accuracy.comment_decide(user=request.user, comment=comment, **data),
        done=f"Decision recorded on the comment on paragraph {comment.paragraph}.",
        then=reverse("reports:comments", args=[inspection.reference]),
        template="reports/decide.html",
        context={"inspection": inspection, "comment": comment},
        title=f"Decide on the comment on paragraph {comment.paragraph}",
    )


@login_required
def finalise(request, reference):
    """Making the final letter, with the day it will publish: the page says when that is before
    the lead or manager confirms, including what a blank date does once the planned day has passed."""
    inspection = core.team_inspection_for(request.user, reference)
    core.require(permissions.manages_letter(request.user, inspection), "Only the lead or a manager makes it.")
    # Bound on any POST: an empty one (a blank date, no key) is a request too.
    form = FinaliseForm(request.POST if request.method == "POST" else None, initial={"request_key": _new_key()})
    if saved := form_save(
        request,
        form,
        lambda data: factual_accuracy.letter_finalise(
            user=request.user,
            inspection=inspection,
            publication_date=data.get("publication_date"),
            request_key=data.get("request_key"),
        ),
    ):
        published_on = saved.value.publication_date
        messages.success(
            request,
            "The final letter is being made. "
            + (
                f"It will be published on {govuk_date(published_on)}."
                if published_on
                else "It has no publication date: publish it from this page once its PDF is ready."
            ),
        )
        return _back(inspection)
    return form_page(
        request,
        "reports/finalise.html",
        {
            "inspection": inspection,
            "planned": selectors.planned_publication(inspection),
            "kept": selectors.publication_date_kept(inspection),
        },
        title=f"Make the final letter of {inspection.reference}",
        form=form,
    )
