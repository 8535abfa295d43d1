"""Which programme an inspection counts in, changed after planning (the admin's inspection form)."""

from __future__ import annotations

from django.db import transaction

from .. import permissions
from ..models import Inspection, Programme
from .planning import programme_check


@transaction.atomic
def inspection_programme_change(*, user, inspection: Inspection, programme: Programme | None) -> Inspection:
    """Count the inspection in `programme`, or in none. The lead inspector or a manager; the
    programme must hold this kind of inspection."""
    inspection = Inspection.objects.select_for_update().select_related("framework").get(pk=inspection.pk)
    permissions.require(
        permissions.can_manage(user, inspection),
        "Only the lead inspector or a manager can change the programme an inspection is part of.",
    )
    programme_check(framework=inspection.framework, programme=programme)
    inspection.programme = programme
    inspection._change_reason = "Programme changed"
    inspection.save(update_fields=["programme"])
    return inspection
