"""The case-audit pages. Each finds the user's part through `access.access_for` (404 for anyone
outside), reads through the selectors and writes through a service; a service's DomainError
goes on the field it names, and nothing is saved from a refused form."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspections.models import ScopeArea
from jtai import uploads
from jtai.errors import DomainError
from jtai.form_pages import form_page, refusal_put

from . import selectors, services
from .access import access_for
from .forms import (
    AttachmentForm,
    CaseForm,
    ContributorForm,
    DecisionForm,
    DocumentForm,
    EvaluationForm,
    NominateForm,
    PasswordForm,
    ReasonForm,
    RequestForm,
    SampleForm,
)
from .invitations import invitation_accept, invitation_lookup
from .models import Attachment, Contributor, DocumentReturn, ReopenRequest
from .services import PersonalDataWarning


def _overview_url(inspection) -> str:
    return reverse("case_audits:overview", args=[inspection.reference])


# ---- Invitations --------------------------------------------------------------------------------


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


# ---- Overview, coordinator, contributors ------------------------------------------------------


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
    access = access_for(request.user, reference)
    if not (access.dcs or access.lead):
        raise Http404("No such page")
    form = NominateForm(request.POST or None, inspection=access.inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.coordinator_nominate(
                user=request.user, access=access, person=data["person"], name=data["name"], email=data["email"]
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, f"{contact.person.name} is now the DCS coordinator, and has been told by e-mail.")
            return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/nominate.html",
        {
            "inspection": access.inspection,
            "current": selectors.coordinator_of(access.inspection),
        },
        title="Nominate the DCS coordinator",
        form=form,
    )


@login_required
def contributors(request, reference):
    access = access_for(request.user, reference)
    if not (access.coordinator or access.lead):
        raise Http404("No such page")
    form = ContributorForm(request.POST or None, inspection=access.inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.contributor_add(
                user=request.user, access=access, agency=data["agency"], name=data["name"], email=data["email"]
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
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


# ---- The request (lead) ---------------------------------------------------------------------


@login_required
def request_edit(request, reference):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    inspection = access.inspection
    current = selectors.request_for(inspection)
    default = selectors.cases_default(inspection)
    framework = inspection.framework
    initial = (
        {"cases_number": current.cases_number, "number_reason": current.number_reason, "cohort": current.cohort}
        if current
        else {"cases_number": default.number}
    )
    form = RequestForm(
        request.POST or None,
        initial=initial,
        low=framework.case_audits_min,
        high=framework.case_audits_max,
        default_why=f"The default is {default.number}: {default.why}",
    )
    warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_save(
                user=request.user,
                access=access,
                cases_number=data["cases_number"],
                number_reason=data["number_reason"],
                cohort=data["cohort"],
                confirmed=data["confirmed"],
            )
        except PersonalDataWarning:
            warning = True
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, "The request is saved. It is not sent until you send it.")
            return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "The case-audit request",
            "inspection": inspection,
            "warning": warning,
            "button": "Save the request",
        },
        title="The case-audit request",
        form=form,
    )


@login_required
def case_add(request, reference):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    form = CaseForm(request.POST or None, inspection=access.inspection)
    warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_add(
                user=request.user,
                access=access,
                reference=data["reference"],
                agencies=data["agencies"],
                confirmed=data["confirmed"],
            )
        except PersonalDataWarning:
            warning = True
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, f"Case {case.reference} is in the request.")
            return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "Add a case",
            "lede": "Identify the case only by the area's own reference: never a child's name or date of birth.",
            "inspection": access.inspection,
            "warning": warning,
            "button": "Add the case",
        },
        title="Add a case",
        form=form,
    )


@login_required
@require_POST
def case_remove(request, reference, pk):
    access = access_for(request.user, reference)
    case = selectors.case_for(access, pk)
    if case is None:
        raise Http404("No such case")
    try:
        services.case_remove(user=request.user, access=access, case=case)
    except DomainError as error:
        flash.error(request, error.message)
    return redirect("case_audits:overview", reference=reference)


@login_required
@require_POST
def request_send(request, reference):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    try:
        services.request_send(user=request.user, access=access)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, "The request has gone to the DCS coordinator.")
    return redirect("case_audits:overview", reference=reference)


# ---- A case, its evaluations, attachments and samples -----------------------------------------


def _case_or_404(access, pk):
    case = selectors.case_for(access, pk)
    if case is None:
        raise Http404("No such case")
    return case


@login_required
def case_detail(request, reference, pk):
    access = access_for(request.user, reference)
    case = _case_or_404(access, pk)
    selectors.read_logged(access=access, user=request.user, case=case, what="case audit and samples")
    return _render_case(request, access, case)


def _render_case(request, access, case, attachment_form=None):
    scopes = selectors.scope_areas()
    return form_page(
        request,
        "case_audits/case.html",
        {
            "inspection": access.inspection,
            "access": access,
            "case": case,
            "scopes": scopes,
            "attachment_form": attachment_form or AttachmentForm(),
            "can_attach": access.coordinator
            or bool({a.pk for a in case.agencies.all()} & set(access.contributor_agencies)),
        },
        title=f"Case {case.reference}",
        forms=(attachment_form,),
    )


@login_required
def evaluation(request, reference, pk, agency_pk):
    access = access_for(request.user, reference)
    case = _case_or_404(access, pk)
    found = next((e for e in case.evaluations.all() if e.agency_id == agency_pk), None)
    if found is None or not (access.sees_all_cases or agency_pk in access.contributor_agencies):
        raise Http404("No such evaluation")
    scopes = selectors.scope_areas()
    form = EvaluationForm(request.POST or None, scopes=scopes, initial_answers=found.answers)
    warning = False
    if request.method == "POST" and form.is_valid():
        done = request.POST.get("action") == "done"
        try:
            services.evaluation_save(
                user=request.user,
                access=access,
                evaluation=found,
                answers=form.answers(),
                done=done,
                confirmed=form.cleaned_data["confirmed"],
            )
        except PersonalDataWarning:
            warning = True
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(
                request,
                f"{found.agency}'s evaluation of case {case.reference} is "
                + ("marked done." if done else "saved as a draft."),
            )
            return redirect("case_audits:case", reference=reference, pk=case.pk)
    else:
        selectors.read_logged(access=access, user=request.user, case=case, what=f"{found.agency}'s evaluation")
    return form_page(
        request,
        "case_audits/evaluation.html",
        {
            "inspection": access.inspection,
            "case": case,
            "evaluation": found,
            "warning": warning,
            "editable": access.may_edit_evaluation(found.agency_id) and not case.request.is_locked,
        },
        title=f"{found.agency}: case {case.reference}",
        form=form,
    )


@login_required
@require_POST
@uploads.limited_uploads
def attachment_add(request, reference, pk):
    access = access_for(request.user, reference)
    case = _case_or_404(access, pk)
    if uploads.too_big(request):
        return _render_case(request, access, case, uploads.refused(AttachmentForm, request))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(user=request.user, access=access, case=case, upload=form.cleaned_data["file"])
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, "The attachment is added.")
            return redirect("case_audits:case", reference=reference, pk=case.pk)
    return _render_case(request, access, case, form)


def _file_response(stored, name: str, content_type: str):
    if not stored:
        raise Http404("No such file")
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_download(request, reference, pk):
    access = access_for(request.user, reference)
    attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
    if selectors.case_for(access, attachment.case_id) is None:
        raise Http404("No such file")
    selectors.read_logged(access=access, user=request.user, case=attachment.case, what=f"attachment {attachment}")
    return _file_response(attachment.file, attachment.original_name, attachment.content_type)


@login_required
def sample(request, reference, pk):
    access = access_for(request.user, reference)
    if not access.team:
        raise Http404("No such page")
    case = _case_or_404(access, pk)
    inspector = getattr(request.user, "inspector", None)
    existing = next(
        (s for s in case.samples.all() if inspector and s.inspectorate_id == inspector.inspectorate_id), None
    )
    scopes = list(ScopeArea.objects.order_by("order"))
    initial = (
        {
            "evidence": existing.evidence,
            "agreement": existing.agreement,
            "agreement_reason": existing.agreement_reason,
            "finding_reference": existing.finding_reference,
        }
        if existing
        else {}
    )
    form = SampleForm(
        request.POST or None, initial=initial, scopes=scopes, initial_answers=existing.answers if existing else {}
    )
    if existing and request.method != "POST":
        selectors.read_logged(access=access, user=request.user, case=case, what=f"{existing.inspectorate}'s sample")
    warning = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sample_save(
                user=request.user,
                access=access,
                case=case,
                answers=form.answers(),
                evidence=data["evidence"],
                agreement=data["agreement"],
                agreement_reason=data["agreement_reason"],
                finding_reference=data["finding_reference"],
                confirmed=data["confirmed"],
            )
        except PersonalDataWarning:
            warning = True
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, f"Your sample of case {case.reference} is recorded.")
            return redirect("case_audits:case", reference=reference, pk=case.pk)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": f"Sample case {case.reference}",
            "lede": "Your inspectorate's joint sampling of this audited case, and whether you agree with the area's "
            "own audit.",
            "inspection": access.inspection,
            "warning": warning,
            "button": "Save the sample",
            "back": reverse("case_audits:case", args=[reference, case.pk]),
        },
        title=f"Sample case {case.reference}",
        form=form,
    )


# ---- Documents --------------------------------------------------------------------------------


@login_required
@uploads.limited_uploads
def document(request, reference, pk):
    access = access_for(request.user, reference)
    if not (access.coordinator or access.team):
        raise Http404("No such page")
    found = get_object_or_404(
        DocumentReturn.objects.select_related("document", "request"), pk=pk, request__inspection=access.inspection
    )
    form = DocumentForm()
    if request.method == "POST":
        if uploads.too_big(request):
            form = uploads.refused(DocumentForm, request)
        else:
            form = DocumentForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    services.document_save(
                        user=request.user,
                        access=access,
                        document=found,
                        upload=form.cleaned_data["file"],
                        missing_reason=form.cleaned_data["missing_reason"],
                    )
                except DomainError as error:
                    refusal_put(form, error)
                else:
                    flash.success(request, f"“{found.document.title}” is done.")
                    return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/document.html",
        {
            "inspection": access.inspection,
            "found": found,
            "editable": access.coordinator and not found.request.is_locked,
        },
        title=found.document.title,
        form=form,
    )


@login_required
def document_download(request, reference, pk):
    access = access_for(request.user, reference)
    if not (access.coordinator or access.team):
        raise Http404("No such file")
    found = get_object_or_404(DocumentReturn, pk=pk, request__inspection=access.inspection)
    return _file_response(found.file, found.original_name, found.content_type)


# ---- Submitting, reopening, late ----------------------------------------------------------------


@login_required
def submit(request, reference):
    access = access_for(request.user, reference)
    if not access.coordinator:
        raise Http404("No such page")
    error = ""
    if request.method == "POST":
        try:
            services.return_submit(user=request.user, access=access)
        except DomainError as problem:
            error = problem.message
        else:
            flash.success(request, "The joint return is submitted. It is now locked.")
            return redirect("case_audits:overview", reference=reference)
    data = selectors.overview(access)
    return form_page(
        request,
        "case_audits/submit.html",
        {"inspection": access.inspection, "data": data, "error": error, "now": timezone.now()},
        title="Submit the joint return",
        refused=bool(error),
    )


@login_required
def reopen_ask(request, reference):
    access = access_for(request.user, reference)
    if not access.coordinator:
        raise Http404("No such page")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_ask(user=request.user, access=access, reason=form.cleaned_data["reason"])
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, "The lead inspector has been asked to reopen the return.")
            return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "Ask to reopen the return",
            "inspection": access.inspection,
            "button": "Ask the lead inspector",
        },
        title="Ask to reopen the return",
        form=form,
    )


@login_required
def reopen_decide(request, reference, pk):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    reopen = get_object_or_404(ReopenRequest, pk=pk, request__inspection=access.inspection)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = form.cleaned_data["decision"] == "grant"
        try:
            services.reopen_decide(
                user=request.user, access=access, reopen=reopen, grant=grant, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            refusal_put(form, error)
        else:
            flash.success(request, "The return is reopened." if grant else "The return stays submitted.")
            return redirect("case_audits:overview", reference=reference)
    return form_page(
        request,
        "case_audits/form_page.html",
        {
            "heading": "Reopen the return?",
            "lede": f"The coordinator asks: “{reopen.reason}”",
            "inspection": access.inspection,
            "button": "Save the decision",
        },
        title="Reopen the return?",
        form=form,
    )


@login_required
@require_POST
def accept_late(request, reference):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    try:
        services.late_accept(user=request.user, access=access)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, "The late return is accepted.")
    return redirect("case_audits:overview", reference=reference)


@login_required
def progress(request, reference):
    access = access_for(request.user, reference)
    if not (access.lead or access.team or access.coordinator):
        raise Http404("No such page")
    data, rows = selectors.progress(access)
    return render(
        request,
        "case_audits/progress.html",
        {"page_title": f"Progress – {reference}", "inspection": access.inspection, "data": data, "rows": rows},
    )


@login_required
def access_log(request, reference):
    access = access_for(request.user, reference)
    if not access.lead:
        raise Http404("No such page")
    return render(
        request,
        "case_audits/access_log.html",
        {
            "page_title": f"Who read the case audits – {reference}",
            "inspection": access.inspection,
            "entries": selectors.access_log(access.inspection),
        },
    )
