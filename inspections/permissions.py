"""Who may see and do what. Every view and service asks here; templates only reflect it.

Secrecy before notification: an inspection outside a user's reach does not exist for them
(404, never 403), so no page, count or export gives it away.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.views.decorators.http import require_POST

from .models import Inspection, InspectionContact, Inspector, Person, TeamMembership


def inspector_for(user) -> Inspector | None:
    if not user.is_authenticated:
        return None
    try:
        return user.inspector
    except Inspector.DoesNotExist:
        return None


def local_people_for(user) -> QuerySet[Person]:
    """The area people this log-in is: one per area for a service that crosses council borders."""
    if not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(user=user)


def is_local_user(user) -> bool:
    return user.is_authenticated and local_people_for(user).exists()


def is_manager(user) -> bool:
    inspector = inspector_for(user)
    return bool(inspector and inspector.is_manager)


def visible_inspections(user) -> QuerySet[Inspection]:
    """The inspections this user may know exist."""
    qs = Inspection.objects.all()
    inspector = inspector_for(user)
    if inspector is not None:
        if inspector.is_manager:
            return qs
        return qs.filter(team__inspector=inspector)
    if not user.is_authenticated:
        return qs.none()
    # Local users see an inspection only once it has been notified, and only one that tells
    # them: not merely any inspection of their area (an Ofsted-only inspection never involves
    # the police, for instance). A leader of a cross-border service is a person in each area.
    told = InspectionContact.objects.filter(person__user=user).filter(InspectionContact.told_q())
    return qs.filter(pk__in=told.values("inspection_id"), notified_at__isnull=False)


def inspection_for(user, reference: str, queryset: QuerySet[Inspection] | None = None) -> Inspection:
    """The inspection, or 404 for anyone outside its reach."""
    qs = visible_inspections(user) if queryset is None else queryset & visible_inspections(user)
    try:
        return qs.get(reference=reference)
    except Inspection.DoesNotExist:
        raise Http404("No such inspection") from None


def team_inspection_for(user, reference: str, queryset: QuerySet[Inspection] | None = None) -> Inspection:
    """The inspection, for a page only its team (and managers) use: 404 for everyone else,
    local users included, who may know the inspection but not that the page exists."""
    inspection = inspection_for(user, reference, queryset)
    if not sees_team_workings(user, inspection):
        raise Http404("No such page")
    return inspection


def team_action(view):
    """A button only the inspection's team has, sent by POST: the view is given the inspection, and
    anyone else gets the 404 of `team_inspection_for`."""

    @login_required
    @require_POST
    @functools.wraps(view)
    def acts(request, reference, *args, **kwargs):
        return view(request, team_inspection_for(request.user, reference), *args, **kwargs)

    return acts


def is_on_team(user, inspection: Inspection) -> bool:
    inspector = inspector_for(user)
    return bool(inspector) and TeamMembership.objects.filter(inspection=inspection, inspector=inspector).exists()


def is_lead(user, inspection: Inspection) -> bool:
    inspector = inspector_for(user)
    return (
        bool(inspector)
        and TeamMembership.objects.filter(inspection=inspection, inspector=inspector, is_lead=True).exists()
    )


def can_plan(user) -> bool:
    return inspector_for(user) is not None


def can_manage(user, inspection: Inspection) -> bool:
    """Move the stage, change dates and team: the lead inspector or a manager."""
    return is_manager(user) or is_lead(user, inspection)


def require(allowed: bool, message: str = "You do not have permission to do that.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def sees_team_workings(user, inspection: Inspection) -> bool:
    """Inspectors on the team (and managers) see team, history and internal messages; local users do not."""
    return is_manager(user) or is_on_team(user, inspection)


def is_auditor(user) -> bool:
    """Admins read every audit trail: superusers, and staff given the permission to view the
    inspections' history in the admin."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("inspections.view_historicalinspection"))
    )


def sees_audit_trail(user, inspection: Inspection) -> bool:
    """An inspection's audit trail is for its lead inspector and the admins."""
    return is_auditor(user) or is_lead(user, inspection)
