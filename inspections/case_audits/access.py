"""Who may see and do what in an inspection's case audits: one home for the rule.

Anyone outside an inspection's case audits gets the same 404 on every page and file: another
area's users, local users before notification, inspectors not on the team, and local users
of the area with no part in the audits (a senior leader who is not a contributor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from inspections import permissions
from inspections.models import ContactRole, Inspection, InspectionContact, Stage, agencies_taking_part

from .models import AuditCase, Contributor


@dataclass(frozen=True)
class Access:
    inspection: Inspection
    team: bool = False  # on the inspection's team, or a manager
    lead: bool = False  # the lead inspector or a manager
    dcs: bool = False
    coordinator: bool = False
    # The agencies this user contributes for (agency id -> name).
    contributor_agencies: dict[int, str] = field(default_factory=dict)
    user_id: int | None = None

    @property
    def local(self) -> bool:
        return not self.team

    @property
    def sees_all_cases(self) -> bool:
        return self.team or self.coordinator

    @property
    def sees_cases(self) -> bool:
        return self.sees_all_cases or bool(self.contributor_agencies)

    def may_see_case(self, case: AuditCase, agency_ids: set[int] | None = None) -> bool:
        if self.sees_all_cases:
            return True
        involved = agency_ids if agency_ids is not None else {a.pk for a in case.agencies.all()}
        return bool(involved & set(self.contributor_agencies))

    def may_see_evaluation(self, agency_id: int) -> bool:
        """The team and the coordinator read every agency's; a contributor only their own agency's,
        even on a case their agency shares with another."""
        return self.sees_all_cases or agency_id in self.contributor_agencies

    @property
    def sees_samples(self) -> bool:
        """The inspectorates' joint samples are the team's workings: no local user reads them."""
        return self.team

    def may_edit_evaluation(self, agency_id: int) -> bool:
        """The coordinator (on anyone's behalf) or one of the agency's contributors."""
        return self.coordinator or agency_id in self.contributor_agencies

    def may_remove_attachment(self, attachment) -> bool:
        """Whoever uploaded a file, or the coordinator (the return's owner); nobody once it is submitted."""
        if attachment.case.request.is_locked:
            return False
        return self.coordinator or (self.user_id is not None and attachment.uploaded_by_id == self.user_id)

    @property
    def may_sample(self) -> bool:
        return self.team and self.inspection.stage in Stage.fieldwork_and_reporting()


def _reachable(user) -> QuerySet[Inspection]:
    """The inspections this user may know of, and the notified ones they contribute to (a
    contributor is no inspection contact). Found in one query whatever the reference, so that an
    inspection still secret costs its outsiders no more queries, nor time, than one that does not exist."""
    contributing = Contributor.objects.filter(person__user=user, inspection__notified_at__isnull=False)
    return Inspection.objects.filter(
        Q(pk__in=permissions.visible_inspections(user).values("pk")) | Q(pk__in=contributing.values("inspection_id"))
    )


def access_for(user, reference: str, *parts: str) -> Access:
    """This user's part in the inspection's case audits, or 404; 404 too, when `parts` are named
    ("lead", "coordinator", ...), for a user who has none of them: a page for some parts is as
    secret to the others as to an outsider."""
    access = _access(user, reference)
    if parts and not any(getattr(access, part) for part in parts):
        raise Http404("No such page")
    return access


def _access(user, reference: str) -> Access:
    if not user.is_authenticated:
        raise Http404("No such page")
    inspection = _reachable(user).select_related("area", "framework", "theme").filter(reference=reference).first()
    if inspection is None:
        raise Http404("No such page")
    if permissions.sees_team_workings(user, inspection):
        return Access(inspection=inspection, team=True, lead=permissions.can_manage(user, inspection), user_id=user.pk)
    if permissions.inspector_for(user) is not None or inspection.notified_at is None:
        raise Http404("No such page")
    roles = set(
        InspectionContact.objects.filter(inspection=inspection, person__user=user)
        .filter(InspectionContact.told_q())
        .values_list("role", flat=True)
    )
    # A contributor for an agency that takes no part (police on an Ofsted-only inspection) has none.
    agencies = dict(
        Contributor.objects.filter(
            inspection=inspection, person__user=user, agency__in=agencies_taking_part(inspection)
        ).values_list("agency_id", "agency__name")
    )
    access = Access(
        inspection=inspection,
        dcs=ContactRole.DCS in roles,
        coordinator=ContactRole.DCS_COORDINATOR in roles,
        contributor_agencies=agencies,
        user_id=user.pk,
    )
    if not (access.dcs or access.coordinator or agencies):
        raise Http404("No such page")
    return access


def contributions(user) -> list[Contributor]:
    """The notified inspections' case audits this user contributes to, for an agency taking part,
    latest week on site first, with the inspection, its area and the agency."""
    if not user.is_authenticated:
        return []
    return list(
        Contributor.objects.filter(person__user=user, inspection__notified_at__isnull=False)
        .select_related("inspection__area", "inspection__framework", "agency")
        .order_by("-inspection__onsite_start", "agency__name")
    )


def contributor_start(user) -> str | None:
    """Where a contributor's work starts when the core shows them no inspection (they are not an
    inspection contact): the case audits of the latest notified inspection they contribute to."""
    if not user.is_authenticated or permissions.visible_inspections(user).exists():
        return None
    found = contributions(user)
    return reverse("case_audits:overview", args=[found[0].inspection.reference]) if found else None


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
