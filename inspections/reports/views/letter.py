"""The letter pages of one inspection, for its team and its local area. Each reads through a
selector and writes through a service; refusals land on the field they name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inspections import permissions as core
from jtai import uploads
from jtai.errors import DomainError
from jtai.form_pages import form_page, refusal_put

from .. import composition, factual_accuracy, letters, permissions, publication, selectors
from ..forms import (
    ActionPlanForm,
    CommentForm,
    DecisionForm,
    FinaliseForm,
    FindingForm,
    MergeForm,
    RecommendationForm,
    RequestKeyForm,
    ResponseForm,
)
from ..models import (
    ActionPlanSubmission,
    CommentStatus,
    FactualAccuracyComment,
    Finding,
    LetterStatus,
    LetterVersion,
    Priority,
    Recommendation,
    RenderStatus,
)


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
            "finalise_form": FinaliseForm(initial={"request_key": _new_key()}),
            "action_plan_form": ActionPlanForm(),
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


def _edit(request, reference, *, form_class, service, instance=None, delete=None, what: str):
    inspection, page = _inspection(request, reference)
    core.require(page.can_write, "Findings and recommendations are written by the team while it is reporting.")
    initial = None
    if instance is not None:
        many = ("agencies", "samples")
        initial = {f: getattr(instance, f) for f in form_class.base_fields if f not in many}
        for name in many:
            if name in form_class.base_fields:
                initial[name] = list(getattr(instance, name).all())
        initial["scope_area"] = instance.scope_area
    if request.method == "POST":
        form = form_class(request.POST, inspection=inspection)
        if form.is_valid():
            try:
                service(
                    user=request.user,
                    inspection=inspection,
                    **form.cleaned_data,
                    **({what: instance} if instance else {}),
                )
            except DomainError as error:
                refusal_put(form, error)
            else:
                messages.success(request, f"The {what} is saved.")
                return _back(inspection)
    else:
        form = form_class(initial=initial, inspection=inspection)
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
    inspection = core.team_inspection_for(request.user, reference)
    finding = get_object_or_404(Finding, pk=pk, inspection=inspection) if pk else None
    return _edit(
        request,
        reference,
        form_class=FindingForm,
        service=letters.finding_save,
        instance=finding,
        delete=reverse("reports:finding_delete", args=[reference, pk]) if pk else None,
        what="finding",
    )


@login_required
def recommendation_edit(request, reference, pk=None):
    inspection = core.team_inspection_for(request.user, reference)
    recommendation = get_object_or_404(Recommendation, pk=pk, inspection=inspection) if pk else None
    return _edit(
        request,
        reference,
        form_class=RecommendationForm,
        service=letters.recommendation_save,
        instance=recommendation,
        delete=reverse("reports:recommendation_delete", args=[reference, pk]) if pk else None,
        what="recommendation",
    )


def _post_and_back(request, inspection, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if success:
            messages.success(request, success)
    return _back(inspection)


@login_required
@require_POST
def finding_delete(request, reference, pk):
    inspection = core.team_inspection_for(request.user, reference)
    finding = get_object_or_404(Finding, pk=pk, inspection=inspection)
    return _post_and_back(
        request, inspection, lambda: letters.finding_delete(user=request.user, finding=finding), "Finding removed."
    )


@login_required
@require_POST
def recommendation_delete(request, reference, pk):
    inspection = core.team_inspection_for(request.user, reference)
    recommendation = get_object_or_404(Recommendation, pk=pk, inspection=inspection)
    return _post_and_back(
        request,
        inspection,
        lambda: letters.recommendation_delete(user=request.user, recommendation=recommendation),
        "Recommendation removed.",
    )


@login_required
@require_POST
def recommendation_move(request, reference, pk):
    inspection = core.team_inspection_for(request.user, reference)
    recommendation = get_object_or_404(Recommendation, pk=pk, inspection=inspection)
    direction = request.POST.get("direction", "")
    return _post_and_back(
        request,
        inspection,
        lambda: letters.recommendation_move(user=request.user, recommendation=recommendation, direction=direction),
        "",
    )


@login_required
@require_POST
def render_version(request, reference):
    inspection = core.team_inspection_for(request.user, reference)
    form = RequestKeyForm(request.POST)
    try:
        version = letters.letter_render_request(user=request.user, inspection=inspection, request_key=form.key())
    except DomainError as error:
        messages.error(request, error.message)
        return _back(inspection)
    return redirect("reports:version", reference=inspection.reference, number=version.number)


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
        if form.is_valid():
            try:
                factual_accuracy.comment_add(user=request.user, inspection=inspection, **form.cleaned_data)
            except DomainError as error:
                refusal_put(form, error)
            else:
                messages.success(request, f"Your comment on paragraph {form.cleaned_data['paragraph']} is saved.")
                return redirect("reports:comments", reference=inspection.reference)
    return form_page(
        request,
        "reports/comments.html",
        {
            "inspection": inspection,
            "page": page,
            "response_form": ResponseForm(),
        },
        title=f"Factual-accuracy check: {inspection.reference}",
        form=form,
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
    if request.method == "POST" and form.is_valid():
        try:
            factual_accuracy.comment_edit(
                user=request.user,
                comment=comment,
                paragraph=form.cleaned_data["paragraph"],
                text=form.cleaned_data["comment"],
                proposed_correction=form.cleaned_data["proposed_correction"],
            )
        except DomainError as error:
            refusal_put(form, error)
        except PermissionDenied:
            raise
        else:
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
    try:
        factual_accuracy.comment_withdraw(user=request.user, comment=comment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The comment on paragraph {comment.paragraph} is withdrawn.")
    return redirect("reports:comments", reference=inspection.reference)


@login_required
@require_POST
def comment_merge(request, reference, pk):
    inspection, page, comment = _comment(request, reference, pk)
    others = FactualAccuracyComment.objects.filter(letter=page.letter, status=CommentStatus.OPEN).exclude(pk=pk)
    form = MergeForm(request.POST, comment=comment, choices=others)
    if form.is_valid():
        try:
            factual_accuracy.comment_merge(user=request.user, comment=comment, into=form.cleaned_data["into"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The comments are merged.")
    else:
        messages.error(request, "Choose the comment to merge it into.")
    return redirect("reports:comments", reference=inspection.reference)


@login_required
@require_POST
def respond(request, reference):
    inspection, page = _inspection(request, reference)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            response = factual_accuracy.factual_accuracy_respond(
                user=request.user, inspection=inspection, covering_note=form.cleaned_data["covering_note"]
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
            messages.success(
                request,
                "The partnership's response is submitted" + (", after the deadline." if response.is_late else "."),
            )
            return redirect("reports:comments", reference=inspection.reference)
    return form_page(
        request,
        "reports/comments.html",
        {
            "inspection": inspection,
            "page": page,
            "form": CommentForm(),
            "response_form": form,
        },
        title=f"Factual-accuracy check: {inspection.reference}",
        forms=(form,),
    )


@login_required
def decide(request, reference, pk):
    # The team's page: local users get the 404 of any team page, not a 403 that shows it exists.
    core.team_inspection_for(request.user, reference)
    inspection, page, comment = _comment(request, reference, pk)
    core.require(page.can_decide, "The team decides on comments once the response is in.")
    form = DecisionForm(request.POST or None, initial={"decision": comment.decision, "reason": comment.decision_reason})
    if request.method == "POST" and form.is_valid():
        try:
            factual_accuracy.comment_decide(user=request.user, comment=comment, **form.cleaned_data)
        except DomainError as error:
            refusal_put(form, error)
        else:
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


@login_required
@require_POST
def finalise(request, reference):
    inspection = core.team_inspection_for(request.user, reference)
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


@login_required
@require_POST
def publish(request, reference):
    inspection = core.team_inspection_for(request.user, reference)
    return _post_and_back(
        request,
        inspection,
        lambda: publication.letter_publish(user=request.user, inspection=inspection),
        "The letter is published.",
    )


@login_required
@uploads.limited_uploads
def action_plan(request, reference):
    inspection, page = _inspection(request, reference)
    if page.letter is None or page.letter.status != LetterStatus.PUBLISHED:
        raise Http404("Not published")
    if uploads.too_big(request):
        form = uploads.refused(ActionPlanForm, request, field="document")
    else:
        form = ActionPlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication.action_plan_submit(
                user=request.user, inspection=inspection, document=form.cleaned_data["document"]
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
            messages.success(request, "The written statement of action is sent to the inspectorates.")
            return _back(inspection)
    return form_page(
        request,
        "reports/action_plan.html",
        {
            "inspection": inspection,
            "page": page,
            "can_submit": permissions.submits_action_plan(request.user, inspection),
        },
        title="Send the written statement of action",
        form=form,
    )


@login_required
def action_plan_download(request, reference, pk):
    inspection, page = _inspection(request, reference)
    submission = get_object_or_404(ActionPlanSubmission, pk=pk, letter=page.letter)
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=f"{inspection.reference}-written-statement-of-action.{submission.file.name.rsplit('.', 1)[-1]}",
        content_type=submission.content_type,
    )
