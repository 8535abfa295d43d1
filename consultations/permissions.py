"""Who may see and change consultations. Analysts are users with the app's model permissions,
which the "Consultation analysts" group holds."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404

VIEW = "consultations.view_consultation"
CHANGE = "consultations.change_consultation"
ANALYSTS_GROUP = "Consultation analysts"


def analysts_group(*, using: str = "default") -> Group:
    """Create the analysts' group, or give it the permissions of models added since.

    View, add and change on every consultations model; not delete, which the pages never need
    and which would take responses and their coding with it. Permissions an admin granted by
    hand are kept. Runs after every migrate (apps.py), so every install has the group."""
    group, _ = Group.objects.using(using).get_or_create(name=ANALYSTS_GROUP)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="consultations", codename__regex=r"^(view|add|change)_"
    )
    group.permissions.add(*permissions)
    return group


def can_view(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(VIEW))


def can_change(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(CHANGE))


def require_change(user) -> None:
    """`user=None` is the operator at the command line, who already holds the database."""
    if user is not None and not can_change(user):
        raise PermissionDenied("Only consultation analysts can change a consultation.")


def require_published_or_view(user, consultation) -> None:
    """Published outcomes are public; before publication they don't exist for the public."""
    if consultation.is_published or can_view(user):
        return
    raise Http404("No such consultation")
