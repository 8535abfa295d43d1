"""The calendar feeds: the feed itself (no sign-in: its address is the key), and the page where an
inspector subscribes, sees their feeds and revokes one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from inspections.models import Programme
from inspections.permissions import inspector_for, is_manager
from jtai.errors import DomainError
from jtai.form_pages import form_page

from . import feeds

NEW_FEED = "calendar_feed_new_url"


@require_safe
def calendar(request, token):
    item = feeds.feed_for(token)
    if item is None:
        raise Http404("No such calendar")
    response = HttpResponse(feeds.feed_ics(item), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_feeds(request):
    """Subscribe, list, stop. A new feed's address is shown once, on the page the POST redirects
    to (kept in the session until then), so that reloading the page makes no second feed."""
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                feeds.feed_revoke(user=request.user, feed_id=_number(request.POST.get("feed"), "feed"))
            elif request.POST.get("action") == "rotate":
                _, token = feeds.feed_rotate(user=request.user, feed_id=_number(request.POST.get("feed"), "feed"))
                addresses_show_once(request, [token])
            elif request.POST.get("action") == "create":
                slug = request.POST.get("programme", "")
                programme = Programme.objects.filter(slug=slug).first() if slug else None
                if slug and programme is None:
                    raise DomainError("programme", "Choose a programme from the list.")
                _, token = feeds.feed_create(user=request.user, programme=programme)
                addresses_show_once(request, [token])
            else:
                raise DomainError("action", "Choose to subscribe to a calendar or to stop one.")
        except DomainError as refused:
            error = refused
        else:
            return redirect("api_calendar_feeds")
    items = feeds.feeds_of(request.user)
    return form_page(
        request,
        "api/calendar_feeds.html",
        {
            "error": error,
            "new_urls": request.session.pop(NEW_FEED, []),
            "is_inspector": inspector_for(request.user) is not None,
            "programmes": list(Programme.objects.order_by("-starts_on")) if is_manager(request.user) else [],
            "feeds": [(item, feeds.is_live(item)) for item in items],
        },
        title="Calendar feeds",
        refused=error is not None,
    )


def addresses_show_once(request, tokens: list[str]) -> None:
    """New feeds' addresses, kept in the session until the feeds page shows them (once)."""
    request.session[NEW_FEED] = [request.build_absolute_uri(reverse("api_calendar", args=[t])) for t in tokens]


def _number(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError(field, "There is no such calendar feed on your account.") from None
