"""Who may see and change consultations. Analysts are users with the app's model permissions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

VIEW = "consultations.view_consultation"
CHANGE = "consultations.change_consultation"


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
