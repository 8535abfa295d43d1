"""Change an inspection's team: who leads it and who else is on it. The team's invitations,
reminders and cancellations follow through the notification plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from jtai.errors import DomainError

from .. import permissions
from ..models import Inspection, Inspector, Stage, TeamMembership
from ..signals import plan_changed_send
from .planning import PlanningWarning, inspection_warnings, team_check


class TeamError(DomainError):
    """Bad input for a team change."""


@dataclass(frozen=True)
class TeamChange:
    inspection: Inspection
    added: list[Inspector] = field(default_factory=list)
    removed: list[Inspector] = field(default_factory=list)
    new_lead: Inspector | None = None
    warnings: list[PlanningWarning] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.new_lead)


@transaction.atomic
def inspection_team_change(
    *, user, inspection: Inspection, lead: Inspector | None, members: list[Inspector]
) -> TeamChange:
    """Make `lead` the one lead and `members` the rest of the team. `lead` may be among `members`."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    permissions.require(
        permissions.can_manage(user, inspection), "Only the lead inspector or a manager can change the team."
    )
    if inspection.stage in Stage.closed():
        raise TeamError(
            "lead",
            f"{inspection.reference} is {inspection.get_stage_display().lower()}, so its team can no longer change.",
        )
    if lead is None:
        raise TeamError("lead", "Choose the lead inspector")
    team_check(framework=inspection.framework, lead=lead, members=members)
    wanted = {lead.pk: lead, **{m.pk: m for m in members if m.pk != lead.pk}}
    acting = permissions.inspector_for(user)
    if not permissions.is_manager(user) and acting.pk not in wanted:
        # They would lose sight of the inspection they are changing; a manager can take them off.
        raise TeamError("team", "You cannot take yourself off the team: ask a manager to do it.")

    current = {m.inspector_id: m for m in inspection.team.select_related("inspector__user")}
    old_lead = next((m for m in current.values() if m.is_lead), None)
    removed = [m for pk, m in current.items() if pk not in wanted]
    for membership in removed:
        membership._history_user = user
        membership.delete()
    # The old lead steps down before the new one steps up: the database allows one lead at a time.
    if old_lead is not None and old_lead.inspector_id != lead.pk and old_lead.inspector_id in wanted:
        old_lead.is_lead = False
        old_lead._history_user = user
        old_lead.save()
    added = []
    for pk, inspector in wanted.items():
        is_lead = pk == lead.pk
        membership = current.get(pk)
        if membership is None:
            membership = TeamMembership(inspection=inspection, inspector=inspector, is_lead=is_lead)
            added.append(inspector)
        elif membership.is_lead == is_lead:
            continue
        membership.is_lead = is_lead
        membership._history_user = user
        membership.save()

    # Invitations and reminders follow the team; whoever left gets cancellations.
    plan_changed_send(inspection)
    # What the team change itself may have caused: a clash, or an inspectorate gone missing.
    warnings = [
        w
        for w in inspection_warnings(inspection=inspection, viewer=user)
        if w.code in ("inspector_overlap", "inspectorate_missing")
    ]
    return TeamChange(
        inspection=inspection,
        added=added,
        removed=[m.inspector for m in removed],
        new_lead=lead if old_lead is None or old_lead.inspector_id != lead.pk else None,
        warnings=warnings,
    )
