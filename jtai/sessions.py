"""Signed-in sessions end after SESSION_IDLE_TIMEOUT seconds in which the user did nothing.

Each request the user makes moves the session's last activity on (written at most once a minute, so
that pages do not write the session on every request). The page's script only asks how long is left
(`session_status`), which moves nothing on; only "Stay signed in" (`session_keep_alive`) does.
A session that ran out is ended on the server at its next request, which lands on "You have been
signed out", saying why and offering to sign in again and come back.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .offline import queue_owner
from .sign_in import safe_next

LAST_ACTIVITY = "jtai_last_activity"
# How stale the stored last activity may get before a request writes it again.
_TOUCH_SECONDS = 60


def _now() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="jtai-session-last-activity")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = _now()


def seconds_left(request) -> float:
    last = request.session.get(LAST_ACTIVITY)
    if last is None:
        return float(settings.SESSION_IDLE_TIMEOUT)
    return settings.SESSION_IDLE_TIMEOUT - (_now() - last)


class IdleTimeout:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            status_check = request.path == reverse("session_status")
            if seconds_left(request) <= 0:
                logout(request)
                if status_check:
                    return JsonResponse({"signed_in": False, "seconds_left": 0})
                if request.path == reverse("signed_out"):
                    return self.get_response(request)
                return redirect(f"{reverse('signed_out')}?{urlencode({'next': request.get_full_path()})}")
            last = request.session.get(LAST_ACTIVITY)
            if not status_check and (last is None or _now() - last >= _TOUCH_SECONDS):
                request.session[LAST_ACTIVITY] = _now()
        return self.get_response(request)


@require_GET
def session_status(request):
    """How long the session has left, for the warning's script; asking moves nothing on. It also says
    whose session it is (as the offline queue's key), so that a browser sends waiting records only to
    the session of the user who made them."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    return JsonResponse(
        {
            "signed_in": True,
            "seconds_left": max(0, int(seconds_left(request))),
            "queue_owner": queue_owner(request.user),
        }
    )


@require_POST
def session_keep_alive(request):
    """ "Stay signed in": the user chose to go on, so the session starts its time again."""
    if request.user.is_authenticated:
        request.session[LAST_ACTIVITY] = _now()
    if request.headers.get("Accept", "").startswith("application/json"):
        return HttpResponse(status=204)
    return redirect(safe_next(request, reverse("home")))


class SignOutView(auth_views.LogoutView):
    """Signing out by choice lands on the sign-in page, which confirms it.

    The header's "Sign out" posts here at once. Its script first looks for records waiting in this
    browser (static/jtai/offline.js); if there are any it brings the user to this page's GET, which
    asks to confirm and says what happens to them (the page says it without JavaScript too).
    """

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(reverse("login"))
        return render(request, "registration/sign_out.html", {"page_title": "Sign out"})

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The session is gone: the confirmation travels in the messages cookie.
        messages.success(request, "You have signed out")
        return response


def signed_out(request):
    if request.user.is_authenticated:
        # Still signed in (the session had time left): nothing to explain, carry on.
        return redirect(safe_next(request, reverse("home")))
    return render(
        request,
        "signed_out.html",
        {
            "page_title": "You have been signed out",
            "next": safe_next(request, reverse("home")),
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        },
    )
