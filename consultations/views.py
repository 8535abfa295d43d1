import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jtai import uploads
from jtai.errors import DomainError
from jtai.form_pages import button_act, form_page, form_save
from jtai.pagination import govuk_pagination

from . import coding as coding_services
from . import outcomes as outcome_services
from . import selectors
from .exports import tables_csv, tables_xlsx
from .forms import OutcomeForm, ThemeForm, UploadForm
from .imports import response_import_confirm, response_import_submit
from .models import Answer, Consultation, Outcome, Question, QuestionKind, ResponseImport, Theme
from .permissions import CHANGE, VIEW, can_change, require_published_or_view
from .report import report_context
from .tables import consultation_tables


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


def _id_or_404(value) -> int:
    """A hand-edited or stale form value that is not an id is a page that doesn't exist."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such item") from None


@login_required
@permission_required(VIEW, raise_exception=True)
def index(request):
    consultations = selectors.consultation_list()
    return render(request, "consultations/index.html", {"page_title": "Consultations", "consultations": consultations})


@login_required
@permission_required(VIEW, raise_exception=True)
def overview(request, slug):
    consultation = _consultation(slug)
    context = {
        "page_title": consultation.title,
        "consultation": consultation,
        **selectors.consultation_overview(consultation=consultation),
        "can_change": can_change(request.user),
    }
    return render(request, "consultations/overview.html", context)


@login_required
@permission_required(CHANGE, raise_exception=True)
@uploads.limited_uploads(limit=uploads.RESPONSES)
def upload(request, slug):
    consultation = _consultation(slug)
    if uploads.too_big(request):
        form = uploads.refused(UploadForm, request)
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        response_import = response_import_submit(
            consultation=consultation, upload=form.cleaned_data["file"], user=request.user
        )
        return redirect("consultations:import_status", slug=slug, pk=response_import.pk)
    return form_page(
        request,
        "consultations/upload.html",
        {"consultation": consultation},
        title=f"Upload responses – {consultation.title}",
        form=form,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def import_status(request, slug, pk):
    consultation = _consultation(slug)
    response_import = get_object_or_404(ResponseImport, consultation=consultation, pk=pk)
    progress = selectors.import_progress(response_import=response_import)
    confirmation = selectors.import_confirmation(response_import=response_import)
    return render(
        request,
        "consultations/import_status.html",
        {
            "page_title": f"Import of {response_import.original_name}",
            "consultation": consultation,
            "import": response_import,
            "progress": progress,
            "confirmation": confirmation,
            "can_change": can_change(request.user),
        },
    )


@require_POST
@login_required
@permission_required(CHANGE, raise_exception=True)
def import_confirm(request, slug, pk):
    response_import = get_object_or_404(ResponseImport, consultation__slug=slug, pk=pk)
    button_act(request, lambda: response_import_confirm(response_import=response_import, user=request.user))
    return redirect("consultations:import_status", slug=slug, pk=pk)


def _text_question(consultation: Consultation, code: str) -> Question:
    return get_object_or_404(consultation.questions, code=code, kind=QuestionKind.TEXT)


def _theme_filter(value: str, themes: list[Theme]) -> int | str | None:
    if not value:
        return None
    if value == "none":
        return value
    theme_id = _id_or_404(value)
    if theme_id not in {t.pk for t in themes}:
        raise Http404("No such theme")
    return theme_id


def _coding_url(request, slug: str, code: str, anchor: str = "") -> str:
    """Back to the coding page as the analyst left it: same filter, same page of answers."""
    url = reverse("consultations:coding", args=[slug, code])
    if request.GET:
        url += f"?{request.GET.urlencode()}"
    return url + anchor


def _coding_page(request, consultation: Consultation, question: Question, *, theme_form=None, answer_error=None):
    """The coding page, as shown by GET or again with a refused POST's error (filter and page
    travel in the form's action URL)."""
    themes = selectors.question_themes(question=question)
    filter_value = request.GET.get("theme", "")
    page, rows = selectors.coding_answers(
        question=question,
        themes=themes,
        theme_filter=_theme_filter(filter_value, themes),
        page_number=request.GET.get("page"),
    )
    # Each filter and page of answers has a title of its own: "Coding Q9, theme “Training”, page 2 – …".
    named = [f"Coding {question.code.upper()}"]
    if filter_value == "none":
        named.append("answers with no theme")
    elif filter_value:
        named.append(f"theme “{next(t.name for t in themes if t.pk == _theme_filter(filter_value, themes))}”")
    if page.number > 1:
        named.append(f"page {page.number}")
    context = {
        "consultation": consultation,
        "question": question,
        "summaries": selectors.theme_summaries(question=question),
        "keywords": selectors.keyword_suggestions(question=question),
        "themes": themes,
        "rows": rows,
        "page": page,
        "pagination": _pagination(page, filter_value),
        "filter_theme": filter_value,
        "theme_form": theme_form or ThemeForm(),
        "answer_error": answer_error,
        "can_change": can_change(request.user),
        "changes": selectors.coding_changes(question=question),
    }
    return form_page(
        request,
        "consultations/coding.html",
        context,
        title=f"{', '.join(named)} – {consultation.title}",
        forms=(theme_form,),
        refused=answer_error is not None,
    )


def _pagination(page, filter_value: str) -> dict | None:
    def url(number: int) -> str:
        query = urlencode({"theme": filter_value, "page": number} if filter_value else {"page": number})
        return f"?{query}#answers"

    return govuk_pagination(page, url)


@login_required
@permission_required(VIEW, raise_exception=True)
def coding(request, slug, code):
    consultation = _consultation(slug)
    return _coding_page(request, consultation, _text_question(consultation, code))


def _coding_change(view):
    """A change to a text question's coding: sent by POST, by someone who may change consultations;
    the view is given the consultation and the question."""

    @require_POST
    @login_required
    @permission_required(CHANGE, raise_exception=True)
    @functools.wraps(view)
    def changes(request, slug, code):
        consultation = _consultation(slug)
        return view(request, consultation, _text_question(consultation, code))

    return changes


@_coding_change
def coding_theme_add(request, consultation, question):
    form = ThemeForm(request.POST)
    if saved := form_save(
        request, form, lambda data: coding_services.theme_save(question=question, user=request.user, **data)
    ):
        messages.success(request, f"Theme “{saved.value.name}” added.")
        return redirect(_coding_url(request, consultation.slug, question.code))
    return _coding_page(request, consultation, question, theme_form=form)


def _answer_and_theme(request, question: Question) -> tuple[Answer, Theme | None]:
    answer = get_object_or_404(Answer, pk=_id_or_404(request.POST.get("answer")), question=question)
    if "theme" not in request.POST:
        return answer, None
    theme = get_object_or_404(Theme, pk=_id_or_404(request.POST.get("theme")), question=question)
    return answer, theme


@_coding_change
def coding_answer_tag(request, consultation, question):
    answer, _ = _answer_and_theme(request, question)
    chosen = [t for t in selectors.question_themes(question=question) if str(t.pk) in request.POST.getlist("themes")]
    try:
        added, removed = coding_services.answer_code(answer=answer, themes=chosen, user=request.user)
    except DomainError as error:
        return _coding_page(request, consultation, question, answer_error=_answer_error(answer, error))
    messages.success(request, f"Answer {answer.respondent.respondent_id}: {added} tag(s) added, {removed} removed.")
    return redirect(_coding_url(request, consultation.slug, question.code, f"#answer-{answer.pk}"))


def _answer_error(answer: Answer, error: DomainError) -> dict:
    return {
        "answer": answer.pk,
        "field": error.field,
        "message": error.message,
        "anchor": f"answer-{answer.pk}-{error.field}",
    }


@_coding_change
def coding_quote(request, consultation, question):
    answer, theme = _answer_and_theme(request, question)
    if theme is None:
        raise Http404("No such theme")
    who = answer.respondent.respondent_id
    if request.POST.get("quote") == "withdraw":
        coding_services.quote_withdraw(answer=answer, theme=theme, user=request.user)
        messages.success(request, f"Respondent {who}'s answer is no longer quoted for “{theme.name}”.")
    else:
        try:
            coding_services.quote_choose(answer=answer, theme=theme, user=request.user)
        except DomainError as error:
            return _coding_page(request, consultation, question, answer_error=_answer_error(answer, error))
        messages.success(
            request, f"Respondent {who}'s answer will be quoted for “{theme.name}” in the published report."
        )
    return redirect(_coding_url(request, consultation.slug, question.code, f"#answer-{answer.pk}"))


@_coding_change
def apply_suggestions(request, consultation, question):
    added = coding_services.coding_apply_suggestions(question=question, user=request.user)
    messages.success(request, f"{added} tag(s) added from keyword suggestions.")
    return redirect("consultations:coding", slug=consultation.slug, code=question.code)


@login_required
@permission_required(VIEW, raise_exception=True)
def outcomes(request, slug):
    consultation = _consultation(slug)
    questions = list(consultation.questions.all())
    form = OutcomeForm(request.POST or None, questions=questions)
    if request.method == "POST":
        if not can_change(request.user):
            raise Http404
        if form_save(
            request,
            form,
            lambda data: outcome_services.outcome_add(
                consultation=consultation,
                question=next((q for q in questions if q.code == data["question"]), None),
                you_said=data["you_said"],
                we_did=data["we_did"],
                user=request.user,
            ),
        ):
            messages.success(request, "“You said, we did” entry added.")
            return redirect("consultations:outcomes", slug=slug)
    return form_page(
        request,
        "consultations/outcomes.html",
        {
            "consultation": consultation,
            "outcomes": consultation.outcomes.select_related("question"),
            "can_change": can_change(request.user),
        },
        title=f"You said, we did – {consultation.title}",
        form=form,
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
    context["pdf"] = selectors.report_pdf_get(consultation=consultation)
    return render(request, "consultations/report.html", context)


def report_pdf(request, slug):
    """The stored PDF, made by a worker when the report was published or last changed.

    Nobody's request renders one: until the current PDF is ready, this says so."""
    consultation = _public_consultation(request, slug)
    pdf = selectors.report_pdf_get(consultation=consultation)
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
