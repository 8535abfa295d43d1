"""Publishing the letter (the area's written statement of action that is then due is the areas app's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone

from inspections import permissions as core
from jtai.form_pages import confirm_act, form_page

from .. import permissions, publication, selectors
from .letter import _back


@login_required
def publish(request, reference):
    """Publishing now, confirmed on a page that says when the letter would otherwise publish."""
    inspection = core.team_inspection_for(request.user, reference)
    core.require(permissions.manages_letter(request.user, inspection), "Only the lead or a manager publishes.")
    letter = selectors.letter_of(inspection)
    if letter is None or not letter.is_final or letter.is_published:
        return _back(inspection)
    confirmed = confirm_act(
        request,
        lambda: publication.letter_publish(user=request.user, inspection=inspection),
        "The letter is published.",
    )
    if confirmed.done:
        return _back(inspection)
    return form_page(
        request,
        "reports/publish.html",
        {
            "inspection": inspection,
            "letter": letter,
            "error": confirmed.error,
            "today": timezone.localdate(),
            "confirm_id": "publish",
        },
        title=f"Publish the letter of {inspection.reference} now",
        refused=bool(confirmed.error),
    )
