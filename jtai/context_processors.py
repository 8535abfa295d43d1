from django.conf import settings
from django.urls import reverse

from .navigation import navigation_for
from .offline import queue_owner


def service(request):
    """Service name and the header navigation for the signed-in user. One item at most is
    current: the one whose address is the longest start of this page's (the plan page is under
    the programme's address, but only "Plan an inspection" is current there)."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        items = [
            {"label": label, "url": url if url.startswith("/") else reverse(url), "active": False}
            for label, url in navigation_for(user)
        ]
        matches = [item for item in items if item["url"] != "/" and request.path.startswith(item["url"])]
        if matches:
            max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {
        "service_name": "Joint targeted area inspections",
        "navigation": items,
        "support_email": settings.SUPPORT_EMAIL,
        "support_telephone": settings.SUPPORT_TELEPHONE,
    }


def session_timeout(request):
    """For signed-in pages: how long a session may be idle, told upfront, and what the warning's script needs;
    and whose offline queue the page's script may show and send (jtai/offline.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING,
        "queue_owner": queue_owner(user),
    }
