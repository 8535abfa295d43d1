"""Publishing the letter (the area's written statement of action that is then due is the areas app's)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils import timezone

from inspections import permissions as core
from jtai.errors import DomainError
from jtai.form_pages import form_page

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
    error = ""
    if request.method == "POST":
        try:
            publication.letter_publish(user=request.user, inspection=inspection)
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, "The letter is published.")
            return _back(inspection)
    return form_page(
        request,
        "reports/publish.html",
        {
            "inspection": inspection,
            "letter": letter,
            "error": error,
            "today": timezone.localdate(),
            "confirm_id": "publish",
        },
        title=f"Publish the letter of {inspection.reference} now",
        refused=bool(error),
    )
