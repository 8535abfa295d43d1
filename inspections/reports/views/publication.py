"""Publishing the letter (the area's written statement of action that is then due is the areas app's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from inspections import permissions as core

from .. import publication
from .letter import _post_and_back


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
