"""The factual-accuracy check: sending the draft to the area, the area's comments and its single
response, and the team's decisions until the final letter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from inspections import permissions as core
from jtai.errors import DomainError
from jtai.form_pages import button_act, form_page, form_save

from .. import factual_accuracy, letters, permissions
from ..forms import CommentForm, DecisionForm, FinaliseForm, MergeForm, RequestKeyForm, ResponseForm
from ..models import CommentStatus, FactualAccuracyComment
from .letter import _back, _inspection, _new_key, _post_and_back


@login_required
def send_draft(request, reference):
    inspection = core.team_inspection_for(request.user, reference)
    core.require(permissions.manages_letter(request.user, inspection), "Only the lead or a manager sends the draft.")
    form = RequestKeyForm(request.POST or None, initial={"request_key": _new_key()})
    error = ""
    if request.method == "POST":
        try:
            letters.letter_send_draft(user=request.user, inspection=inspection, request_key=form.key())
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, "The draft is with the area. The DCS and the DCS coordinator are told, with a link to it."
            )
            return _back(inspection)
    return form_page(
        request,
        "reports/send_draft.html",
        {"inspection": inspection, "error": error},
        title=f"Send the draft letter of {inspection.reference}",
        form=form,
        refused=bool(error),
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
    if form_save(
        request,
        form,
        lambda data: factual_accuracy.comment_edit(
            user=request.user,
            comment=comment,
            paragraph=data["paragraph"],
            text=data["comment"],
            proposed_correction=data["proposed_correction"],
        ),
    ):
        messages.success(request, "The comment is changed.")
        return redirect("reports:comments", reference=inspection.reference)
    return form_page(
        request,
        "reports/comment_edit.html",
        {
            "inspection": inspection,
            "page": page,
            "comment": comment,
            "merge_form": merge_form if page.can_coordinate and others.exists() else None,
        },
        title=f"Change the comment on paragraph {comment.paragraph}",
        form=form,
    )


@login_required
@require_POST
def comment_withdraw(request, reference, pk):
    inspection, page, comment = _comment(request, reference, pk)
    button_act(
        request,
        lambda: factual_accuracy.comment_withdraw(user=request.user, comment=comment),
        f"The comment on paragraph {comment.paragraph} is withdrawn.",
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
        )
    else:
        messages.error(request, "Choose the comment to merge it into.")
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
    if form_save(
        request, form, lambda data: factual_accuracy.comment_decide(user=request.user, comment=comment, **data)
    ):
        messages.success(request, f"Decision recorded on the comment on paragraph {comment.paragraph}.")
        return redirect("reports:comments", reference=inspection.reference)
    return form_page(
        request,
        "reports/decide.html",
        {
            "inspection": inspection,
            "comment": comment,
        },
        title=f"Decide on the comment on paragraph {comment.paragraph}",
        form=form,
    )


@core.team_action
def finalise(request, inspection):
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the publication date as a real date, or leave it blank.")
        return _back(inspection)
    return _post_and_back(
        request,
        inspection,
        lambda: factual_accuracy.letter_finalise(
            user=request.user,
            inspection=inspection,
            publication_date=form.cleaned_data.get("publication_date"),
            request_key=form.key(),
        ),
        "The final letter is being made.",
    )
