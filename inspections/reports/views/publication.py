"""Publishing the letter (the area's written statement of action that is then due is the areas app's)."""

from __future__ import annotations

from inspections import permissions as core

from .. import publication
from .letter import _post_and_back


@core.team_action
def publish(request, inspection):
    return _post_and_back(
        request,
        inspection,
        lambda: publication.letter_publish(user=request.user, inspection=inspection),
        "The letter is published.",
    )
