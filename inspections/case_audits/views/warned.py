"""Saving a form whose free text might identify a child, the same way on every case-audit page
that asks for such text (the request, a case, an evaluation, a sample): the service's refusal goes
on the form (`jtai.form_pages.form_save`); its personal-data warning does not, but names the
boxes that set it off, for the page's warning summary to link to, and "Save anyway" to confirm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.forms import Form

from jtai.form_pages import Saved, form_save

from ..personal_data import PersonalDataWarning


@dataclass(frozen=True)
class Warning:
    # (the box's id, what it is called), in the form's order.
    boxes: list[tuple[str, str]]


@dataclass(frozen=True)
class Outcome:
    saved: Saved | None = None
    warning: Warning | None = None


def save_or_warn(request, form: Form, save: Callable[[dict], object]) -> Outcome:
    """`save(cleaned_data)` for a valid form sent by POST, as `form_save` does; a personal-data
    warning comes back as `Outcome.warning`, with nothing saved."""
    raised: list[PersonalDataWarning] = []

    def attempt(data):
        try:
            return save(data)
        except PersonalDataWarning as warning:
            raised.append(warning)
            raise _Warned from None

    try:
        return Outcome(saved=form_save(request, form, attempt))
    except _Warned:
        names = getattr(form, "box_names", {})
        boxes = [(form[f].auto_id, names.get(f, form[f].label)) for f in raised[0].fields if f in form.fields]
        return Outcome(warning=Warning(boxes))


class _Warned(Exception):
    """Carries the warning past `form_save`, which puts every DomainError on the form."""
