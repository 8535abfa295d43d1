"""The lead inspector's buttons on the overview that act on the whole request (send it, accept a
late return): each is its service and what the overview then says, made into a view here."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from jtai.form_pages import button_act

from ..access import access_for


def lead_button(service: Callable[..., object], done: str, *, anchor: str):
    """The view of such a button: `service(user=, access=)` through `button_act` (a refusal is the
    overview's error summary, linked to `anchor`; otherwise `done` is its banner), then the overview."""

    def view(request, reference):
        access = access_for(request.user, reference, "lead")
        button_act(request, lambda: service(user=request.user, access=access), done, anchor=anchor)
        return redirect("case_audits:overview", reference=reference)

    # Named after its service, so a traceback or a profile says which button it was.
    view.__name__ = view.__qualname__ = service.__name__
    return login_required(require_POST(view))
