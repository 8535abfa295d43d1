from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import coding as coding_services
from . import outcomes as outcome_services
from .exports import tables_csv, tables_xlsx
from .forms import OutcomeForm, ThemeForm, UploadForm
from .imports import response_import_create, response_import_run
from .models import Answer, CodingChange, Consultation, Outcome, QuestionKind, ResponseImport
from .permissions import CHANGE, VIEW, can_change, require_published_or_view
from .report import report_context
from .tables import consultation_tables
from .tasks import progress_key, run_response_import

# Uploads up to this size import during the request; bigger ones go to a Celery worker.
SYNC_IMPORT_BYTES = 2 * 1024 * 1024


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


@permission_required(VIEW, raise_exception=True)
def index(request):
    consultations = Consultation.objects.all()
    return render(request, "consultations/index.html", {"page_title": "Consultations", "consultations": consultations})


@permission_required(VIEW, raise_exception=True)
def overview(request, slug):
    consultation = _consultation(slug)
    context = {
        "page_title": consultation.title,
        "consultation": consultation,
        "tables": consultation_tables(consultation=consultation),
        "text_questions": consultation.questions.filter(kind=QuestionKind.TEXT),
        "imports": consultation.imports.select_related("created_by")[:10],
        "can_change": can_change(request.user),
    }
    return render(request, "consultations/overview.html", context)


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


@permission_required(VIEW, raise_exception=True)
def coding(request, slug, code):
    consultation = _consultation(slug)
    question = get_object_or_404(consultation.questions, code=code, kind=QuestionKind.TEXT)
    themes = list(question.themes.all())
    theme_form = ThemeForm()
    if request.method == "POST":
        if not can_change(request.user):
            raise Http404
        if "name" in request.POST:
            theme_form = ThemeForm(request.POST)
            if theme_form.is_valid():
                try:
                    theme = coding_services.theme_save(question=question, user=request.user, **theme_form.cleaned_data)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        theme_form.add_error(field, errors)
                else:
                    messages.success(request, f"Theme “{theme.name}” added.")
                    return redirect(request.get_full_path())
        else:
            answer = get_object_or_404(Answer, pk=request.POST.get("answer"), question=question)
            chosen = [t for t in themes if str(t.pk) in request.POST.getlist("themes")]
            added, removed = coding_services.answer_code(answer=answer, themes=chosen, user=request.user)
            messages.success(
                request, f"Answer {answer.respondent.respondent_id}: {added} tag(s) added, {removed} removed."
            )
            return redirect(f"{request.get_full_path()}#answer-{answer.pk}")
    filter_theme = request.GET.get("theme")
    answers = Answer.objects.filter(question=question).select_related("respondent").prefetch_related("themes")
    if filter_theme == "none":
        answers = answers.filter(codings__isnull=True)
    elif filter_theme:
        answers = answers.filter(codings__theme_id=filter_theme)
    page = Paginator(answers.order_by("id"), 25).get_page(request.GET.get("page"))
    rows = []
    for answer in page:
        tagged = {t.pk for t in answer.themes.all()}
        suggestions = [(t, k) for t, k in coding_services.suggested_themes(answer.text, themes) if t.pk not in tagged]
        rows.append({"answer": answer, "tagged": tagged, "suggestions": suggestions})
    context = {
        "page_title": f"Coding {question.code.upper()} – {consultation.title}",
        "consultation": consultation,
        "question": question,
        "summaries": coding_services.theme_summaries(question=question),
        "keywords": coding_services.keyword_suggestions(question=question),
        "themes": themes,
        "rows": rows,
        "page": page,
        "filter_theme": filter_theme or "",
        "theme_form": theme_form,
        "can_change": can_change(request.user),
        "changes": CodingChange.objects.filter(theme__question=question)
        .select_related("changed_by", "theme", "answer__respondent")
        .order_by("-changed_at", "-id")[:10],
    }
    return render(request, "consultations/coding.html", context)


@require_POST
@permission_required(CHANGE, raise_exception=True)
def apply_suggestions(request, slug, code):
    consultation = _consultation(slug)
    question = get_object_or_404(consultation.questions, code=code, kind=QuestionKind.TEXT)
    added = coding_services.coding_apply_suggestions(question=question, user=request.user)
    messages.success(request, f"{added} tag(s) added from keyword suggestions.")
    return redirect("consultations:coding", slug=slug, code=code)


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
            outcome_services.outcome_add(
                consultation=consultation,
                question=question,
                you_said=form.cleaned_data["you_said"],
                we_did=form.cleaned_data["we_did"],
                user=request.user,
            )
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
@permission_required(CHANGE, raise_exception=True)
def outcome_remove(request, slug, pk):
    outcome = get_object_or_404(Outcome, consultation__slug=slug, pk=pk)
    outcome_services.outcome_delete(outcome=outcome, user=request.user)
    messages.success(request, "Entry removed.")
    return redirect("consultations:outcomes", slug=slug)


@require_POST
@permission_required(CHANGE, raise_exception=True)
def publish(request, slug):
    consultation = _consultation(slug)
    if request.POST.get("action") == "unpublish":
        outcome_services.consultation_unpublish(consultation=consultation, user=request.user)
        messages.success(request, "The report and tables are no longer public.")
    else:
        outcome_services.consultation_publish(consultation=consultation, user=request.user)
        messages.success(request, "The report and tables are published: anyone with the link can see them.")
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
    return render(request, "consultations/report.html", context)


def report_pdf(request, slug):
    # WeasyPrint is heavy to import: only the PDF route pays for it.
    from jtai.pdf import render_pdf

    consultation = _public_consultation(request, slug)
    pdf = render_pdf("print/consultation_report.html", report_context(consultation=consultation))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-outcome.pdf"'
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
