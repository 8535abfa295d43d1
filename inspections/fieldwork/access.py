"""Who may see and write an inspection's evidence: one home for the rule.

The team (and managers) see every record of the inspection; nobody else learns that a record, or
the page, exists: local users, contributors and the public get the core's 404. Only a current member
of the team writes, and only while the inspection is on site or reporting.
"""

from __future__ import annotations

from django.http import Http404

from inspections import permissions
from inspections.models import Inspection, Stage, TeamMembership

# Refusals the pages and the sync interface give, word for word.
NOT_ON_TEAM = "You are not on this inspection's team, so you cannot record evidence for it."
CLOSED = "Evidence can no longer be recorded for this inspection: its stage is “{stage}”."
NOT_YET = "This inspection is not on site yet: evidence is recorded from the first day on site."


def inspection_for(user, reference: str) -> Inspection:
    """The inspection, for its team and managers; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404("No such page")
    return permissions.team_inspection_for(user, reference)


def was_on_team(user, reference: str) -> Inspection | None:
    """The inspection, for someone taken off its team: they knew of it, so a record they made
    before is refused with the reason rather than met with a 404. None for anyone else, in one
    query whether or not the inspection exists (its existence shows in no timing)."""
    inspector = permissions.inspector_for(user)
    if inspector is None:
        return None
    ever = TeamMembership.history.filter(inspector_id=inspector.pk).values("inspection_id")
    return Inspection.objects.filter(reference=reference, pk__in=ever).first()


def write_refusal(user, inspection: Inspection) -> str | None:
    """Why this user may not record evidence for the inspection now; None when they may."""
    if not permissions.is_on_team(user, inspection):
        return NOT_ON_TEAM
    if inspection.stage in Stage.fieldwork_and_reporting():
        return None
    if inspection.stage in (*Stage.closed(), *Stage.withdrawn(), Stage.FACTUAL_ACCURACY):
        return CLOSED.format(stage=Stage(inspection.stage).label)
    return NOT_YET


def may_write(user, inspection: Inspection) -> bool:
    return write_refusal(user, inspection) is None


def may_record_findings(user, inspection: Inspection) -> bool:
    """The lead inspector (or a manager) records the team's emerging findings."""
    return permissions.can_manage(user, inspection) and inspection.stage in Stage.fieldwork_and_reporting()
