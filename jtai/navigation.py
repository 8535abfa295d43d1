"""The header navigation: each part of the service a signed-in user may go to."""

from __future__ import annotations

from inspections import permissions as inspection_permissions
from inspections.case_audits.access import contributor_start


def navigation_for(user) -> list[tuple[str, str]]:
    """(label, URL name or path) of each item."""
    items: list[tuple[str, str]] = []
    if inspection_permissions.inspector_for(user) is not None:
        manager = inspection_permissions.is_manager(user)
        items.append(("Programme" if manager else "Your inspections", "inspections:programme"))
        items.append(("Plan an inspection", "inspections:plan"))
        if manager:
            items.append(("Choose areas", "areas:choosing"))
    elif inspection_permissions.is_local_user(user):
        # A contributor who is no inspection's contact has case audits to do, not inspections to see.
        start = contributor_start(user)
        items.append(("Your case audits", start) if start else ("Your area's inspections", "inspections:programme"))
    if user.has_perm("consultations.view_consultation"):
        items.append(("Consultations", "consultations:index"))
    if user.is_staff:
        items.append(("Admin", "admin:index"))
    return items


def start_page_for(user) -> str | None:
    """The URL name (or path) of the page a user's work starts on, or None for someone with no role yet."""
    if inspection_permissions.inspector_for(user) is not None:
        return "inspections:programme"
    if inspection_permissions.is_local_user(user):
        # A contributor to case audits who is no inspection's contact starts on those case audits.
        return contributor_start(user) or "inspections:programme"
    # An admin's work is in the admin, though a superuser holds every permission.
    if user.is_superuser:
        return "admin:index"
    if user.has_perm("consultations.view_consultation"):
        return "consultations:index"
    if user.is_staff:
        return "admin:index"
    return None
