from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jtai.errors import DomainError

from . import coding as coding_services
from . import outcomes as outcome_services
from .exports import tables_csv, tables_xlsx
from .forms import OutcomeForm, ThemeForm, UploadForm
from .imports import response_import_create, response_import_run
from .models import Answer, CodingChange, Consultation, Outcome, QuestionKind, ReportPdf, ResponseImport
from .permissions import CHANGE, VIEW, can_change, require_published_or_view
from .report import report_context
from .tables import consultation_tables
from .tasks import progress_key, run_response_import

# Uploads up to this size import during the request; bigger ones go to a Celery worker.
SYNC_IMPORT_BYTES = 2 * 1024 * 1024


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def _id_or_404(value) -> int:
    """A hand-edited or stale form value that is not an id is a page that doesn't exist."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such item") from None


def _form_error(form, error: DomainError) -> None:
    """The service names the field; one the form does not show goes above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    consultations = Consultation.objects.all()
    return render(request, "consultations/index.html", {"page_title": "Consultations", "consultations": consultations})


@login_required
@permission_required(VIEW, raise_exception=True)
def overview(request, slug):
    consultation = _consultation(slug)
    context = {
        "page_title": consultation.title,
        "consultation": consultation,
        "tables": consultation_tables(consultation=consultation),
        "text_questions": consultation.questions.filter(kind=QuestionKind.TEXT),
        "imports": consultation.imports.select_related("created_by")[:10],
        "pdf": ReportPdf.objects.filter(consultation=consultation).first(),
        "can_change": can_change(request.user),
    }
    return render(request, "consultations/overview.html", context)


@login_required
@permission_required(CHANGE, raise_exception=True)
def upload(request, slug):
    consultation = _consultation(slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        response_import = response_import_create(
            consultation=consultation, upload=form.cleaned_data["file"], user=request.user
        )
        if response_import.size <= SYNC_IMPORT_BYTES:
            response_import_run(response_import=response_import)
        else:
            transaction.on_commit(lambda: run_response_import.delay(response_import.pk))
        return redirect("consultations:import_status", slug=slug, pk=response_import.pk)
    return render(
        request,
        "consultations/upload.html",
        {"page_title": f"Upload responses – {consultation.title}", "consultation": consultation, "form": form},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def import_status(request, slug, pk):
    consultation = _consultation(slug)
    response_import = get_object_or_404(ResponseImport, consultation=consultation, pk=pk)
    progress = None
    if not response_import.is_finished:
        progress = cache.get(progress_key(pk)) or {"rows": 0, "bytes": 0}
        size = response_import.size or 1
        progress["percent"] = min(99, progress["bytes"] * 100 // size)
    return render(
        request,
        "consultations/import_status.html",
        {
            "page_title": f"Import of {response_import.original_name}",
            "consultation": consultation,
            "import": response_import,
            "progress": progress,
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def coding(request, slug, code):
    consultation = _consultation(slug)
    question = get_object_or_404(consultation.questions, code=code, kind=QuestionKind.TEXT)
    themes = list(question.themes.all())
    by_id = {t.pk: t for t in themes}
    theme_form = ThemeForm()
    if request.method == "POST":
        if not can_change(request.user):
            raise Http404
        if "name" in request.POST:
            theme_form = ThemeForm(request.POST)
            if theme_form.is_valid():
                try:
                    theme = coding_services.theme_save(question=question, user=request.user, **theme_form.cleaned_data)
                except DomainError as error:
                    _form_error(theme_form, error)
                else:
                    messages.success(request, f"Theme “{theme.name}” added.")
                    return redirect(request.get_full_path())
        elif "quote" in request.POST:
            answer = get_object_or_404(Answer, pk=_id_or_404(request.POST.get("answer")), question=question)
            theme = by_id.get(_id_or_404(request.POST.get("theme")))
            if theme is None:
                raise Http404("No such theme")
            who = answer.respondent.respondent_id
            if request.POST["quote"] == "withdraw":
                coding_services.quote_withdraw(answer=answer, theme=theme, user=request.user)
                messages.success(request, f"Respondent {who}'s answer is no longer quoted for “{theme.name}”.")
            else:
                try:
                    coding_services.quote_choose(answer=answer, theme=theme, user=request.user)
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(
                        request,
                        f"Respondent {who}'s answer will be quoted for “{theme.name}” in the published report.",
                    )
            return redirect(f"{request.get_full_path()}#answer-{answer.pk}")
        else:
            answer = get_object_or_404(Answer, pk=_id_or_404(request.POST.get("answer")), question=question)
            chosen = [t for t in themes if str(t.pk) in request.POST.getlist("themes")]
            added, removed = coding_services.answer_code(answer=answer, themes=chosen, user=request.user)
            messages.success(
                request, f"Answer {answer.respondent.respondent_id}: {added} tag(s) added, {removed} removed."
            )
            return redirect(f"{request.get_full_path()}#answer-{answer.pk}")
    filter_theme = request.GET.get("theme", "")
    answers = Answer.objects.filter(question=question).select_related("respondent").prefetch_related("codings")
    if filter_theme == "none":
        answers = answers.filter(codings__isnull=True)
    elif filter_theme:
        if _id_or_404(filter_theme) not in by_id:
            raise Http404("No such theme")
        answers = answers.filter(codings__theme_id=int(filter_theme))
    page = Paginator(answers.order_by("id"), 25).get_page(request.GET.get("page"))
    rows = []
    for answer in page:
        codings = list(answer.codings.all())
        tagged = {c.theme_id for c in codings}
        suggestions = [(t, k) for t, k in coding_services.suggested_themes(answer.text, themes) if t.pk not in tagged]
        rows.append(
            {
                "answer": answer,
                "tagged": tagged,
                "tagged_themes": [t for t in themes if t.pk in tagged],
                "quoted": {c.theme_id for c in codings if c.is_quoted},
                "suggestions": suggestions,
            }
        )
    context = {
        "page_title": f"Coding {question.code.upper()} – {consultation.title}",
        "consultation": consultation,
        "question": question,
        "summaries": coding_services.theme_summaries(question=question),
        "keywords": coding_services.keyword_suggestions(question=question),
        "themes": themes,
        "rows": rows,
        "page": page,
        "filter_theme": filter_theme,
        "theme_form": theme_form,
        "can_change": can_change(request.user),
        "changes": CodingChange.objects.filter(theme__question=question)
        .select_related("changed_by", "theme", "answer__respondent")
        .order_by("-changed_at", "-id")[:10],
    }
    return render(request, "consultations/coding.html", context)


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def apply_suggestions(request, slug, code):
    consultation = _consultation(slug)
    question = get_object_or_404(consultation.questions, code=code, kind=QuestionKind.TEXT)
    added = coding_services.coding_apply_suggestions(question=question, user=request.user)
    messages.success(request, f"{added} tag(s) added from keyword suggestions.")
    return redirect("consultations:coding", slug=slug, code=code)


@login_required
@permission_required(VIEW, raise_exception=True)
def outcomes(request, slug):
    consultation = _consultation(slug)
    questions = list(consultation.questions.all())
    form = OutcomeForm(request.POST or None, questions=questions)
    if request.method == "POST":
        if not can_change(request.user):
            raise Http404
        if form.is_valid():
            question = next((q for q in questions if q.code == form.cleaned_data["question"]), None)
            try:
                outcome_services.outcome_add(
                    consultation=consultation,
                    question=question,
                    you_said=form.cleaned_data["you_said"],
                    we_did=form.cleaned_data["we_did"],
                    user=request.user,
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "“You said, we did” entry added.")
                return redirect("consultations:outcomes", slug=slug)
    return render(
        request,
        "consultations/outcomes.html",
        {
            "page_title": f"You said, we did – {consultation.title}",
            "consultation": consultation,
            "outcomes": consultation.outcomes.select_related("question"),
            "form": form,
            "can_change": can_change(request.user),
        },
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def outcome_remove(request, slug, pk):
    outcome = get_object_or_404(Outcome, consultation__slug=slug, pk=pk)
    outcome_services.outcome_delete(outcome=outcome, user=request.user)
    messages.success(request, "Entry removed.")
    return redirect("consultations:outcomes", slug=slug)


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def publish(request, slug):
    consultation = _consultation(slug)
    if request.POST.get("action") == "unpublish":
        outcome_services.consultation_unpublish(consultation=consultation, user=request.user)
        messages.success(request, "The report and tables are no longer public.")
    else:
        was_published = consultation.is_published
        outcome_services.consultation_publish(consultation=consultation, user=request.user)
        messages.success(
            request,
            "The report PDF is being made again from the report as it is now."
            if was_published
            else "The report and tables are published: anyone with the link can see them. "
            "The PDF is being made and will be ready in a minute or two.",
        )
    return redirect("consultations:overview", slug=slug)


def _public_consultation(request, slug) -> Consultation:
    consultation = get_object_or_404(Consultation, slug=slug)
    require_published_or_view(request.user, consultation)
    return consultation


def report(request, slug):
    consultation = _public_consultation(request, slug)
    context = report_context(consultation=consultation)
    context["page_title"] = f"{consultation.title}: consultation outcome"
    context["can_view"] = request.user.has_perm(VIEW)
    context["pdf"] = ReportPdf.objects.filter(consultation=consultation).first()
    return render(request, "consultations/report.html", context)


def report_pdf(request, slug):
    """The stored PDF, made by a worker when the report was published or last changed.

    Nobody's request renders one: until the current PDF is ready, this says so."""
    consultation = _public_consultation(request, slug)
    pdf = ReportPdf.objects.filter(consultation=consultation).first()
    if consultation.is_published and pdf is not None and pdf.is_current:
        return FileResponse(
            pdf.file.open("rb"),
            as_attachment=True,
            filename=f"{consultation.slug}-outcome.pdf",
            content_type="application/pdf",
        )
    response = render(
        request,
        "consultations/report_pdf_pending.html",
        {"page_title": f"{consultation.title}: PDF not ready", "consultation": consultation, "pdf": pdf},
        status=503 if consultation.is_published else 404,
    )
    response["Retry-After"] = "60"
    return response


def tables_csv_download(request, slug):
    consultation = _public_consultation(request, slug)
    response = HttpResponse(tables_csv(consultation_tables(consultation=consultation)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-tables.csv"'
    return response


def tables_xlsx_download(request, slug):
    consultation = _public_consultation(request, slug)
    response = HttpResponse(
        tables_xlsx(consultation_tables(consultation=consultation)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-tables.xlsx"'
    return response
