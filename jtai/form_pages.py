"""A page with a form, the same way everywhere: a service's refusal goes on the field it names (or at
the top, in the error summary, when the form has no such field), the page's title starts with
"Error: " while the form has errors, and such a page answers 400 Bad Request.

A view saves through `form_save` and renders through `form_page`; its template extends
"form_page.html", or includes "includes/error_summary.html", which links each message to its field.
Most form pages do only that: saved, a success banner and on to the next page; otherwise the form
page again. `form_flow` is that flow, given the form, the service call, the banner and where to go.

A button with no form to show again (send, remove, accept) acts through `button_act`: the page it
returns to says what happened, or why not: a refusal there is that page's error summary, linked to
the button or section to act on (`anchor`), and its title starts with "Error: ".

A confirmation page that posts to itself acts through `confirm_act`: a refusal is shown on that
page, again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .errors import DomainError, DomainErrors

REFUSED = 400


def fields_helper(*layout, label_size: str = "", legend_size: str = "") -> FormHelper:
    """The crispy-forms-gds helper of a form whose page draws the <form> tag ("form_page.html",
    "includes/form.html"): it draws the fields only, as `layout` says (every field, in order, when
    it says nothing), with labels and legends of the sizes given."""
    helper = FormHelper()
    helper.form_tag = False
    if label_size:
        helper.label_size = label_size
    if legend_size:
        helper.legend_size = legend_size
    if layout:
        helper.layout = Layout(*layout)
    return helper


def refusal_put(form: Form, error: DomainError) -> None:
    """`error` on the field it names, or above the form for a field the form does not show; each
    of several (`DomainErrors`) on its own."""
    for each in error.errors if isinstance(error, DomainErrors) else [error]:
        form.add_error(each.field if each.field in form.fields else None, each.message)


def refusal_flash(request, message: str, *, anchor: str) -> None:
    """`message`, refusing a button's action, on the next page as its error summary linking to `anchor`."""
    messages.error(request, message, extra_tags=anchor)


@dataclass(frozen=True)
class Saved:
    """What the service returned for a form it accepted."""

    value: object


def form_save(request, form: Form, save: Callable[[dict], object]) -> Saved | None:
    """For a form sent by POST and valid: `save(cleaned_data)`, a service call. Its refusal goes on
    the form (see `refusal_put`) and nothing is saved; None then, and for a GET or an invalid form,
    so that the view shows the form page again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Saved(save(form.cleaned_data))
    except DomainError as error:
        refusal_put(form, error)
        return None


def button_act(request, act: Callable[[], object], done: str = "", *, anchor: str = "") -> Saved | None:
    """`act()`, a service call a button asks for. Its refusal becomes the next page's error summary,
    linked to `anchor` (`refusal_flash`; None then); `done`, when given, a success banner."""
    try:
        value = act()
    except DomainError as error:
        refusal_flash(request, error.message, anchor=anchor)
        return None
    if done:
        messages.success(request, done)
    return Saved(value)


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation page's POST did: `done`, or refused with `error` to show on the page."""

    done: bool = False
    error: str = ""


def confirm_act(request, act: Callable[[], object], done: str) -> Confirmation:
    """For a confirmation page that posts to itself (submit, publish, send): on POST, `act()`, a
    service call. Its refusal is `error`, shown on the page again (`form_page(..., refused=True)`);
    otherwise `done` is the next page's success banner."""
    if request.method != "POST":
        return Confirmation()
    try:
        act()
    except DomainError as error:
        return Confirmation(error=error.message)
    messages.success(request, done)
    return Confirmation(done=True)


def small_fields_helper(*layout) -> FormHelper:
    """`fields_helper` with small labels and legends: the questions of the report and area pages."""
    return fields_helper(*layout, label_size=Size.SMALL, legend_size=Size.SMALL)


def has_errors(*forms: Form | None) -> bool:
    return any(form is not None and form.errors for form in forms)


def form_page(
    request,
    template: str,
    context: dict,
    *,
    title: str,
    form: Form | None = None,
    forms: tuple[Form | None, ...] = (),
    refused: bool = False,
) -> HttpResponse:
    """Render `template` for `form` (or several `forms` on one page): `page_title` is `title`, after
    "Error: " when any has errors or the page is otherwise `refused` (a refusal shown without a
    form), and so is the status."""
    every = (form, *forms)
    failed = refused or has_errors(*every)
    context = {"form": form, **context} if form is not None else dict(context)
    context["page_title"] = ("Error: " if failed else "") + title
    return render(request, template, context, status=REFUSED if failed else 200)


def form_flow(
    request,
    form: Form,
    save: Callable[[dict], object],
    *,
    done: str | Callable[[object], str],
    then: str,
    template: str,
    context: dict | Callable[[], dict],
    title: str,
) -> HttpResponse:
    """A form page's whole flow: `form_save(request, form, save)`; saved, `done` (or `done(value)`,
    from what the service returned) is the next page's success banner and the user goes on to
    `then`, a URL. Otherwise `form_page` shows the form again under `title`, with `context` (or
    `context()`, built only then)."""
    if saved := form_save(request, form, save):
        messages.success(request, done(saved.value) if callable(done) else done)
        return redirect(then)
    return form_page(request, template, context() if callable(context) else context, title=title, form=form)
