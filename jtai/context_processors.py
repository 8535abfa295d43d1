from django.urls import reverse

from .navigation import navigation_for


def service(request):
    """Service name and the header navigation for the signed-in user."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name in navigation_for(user):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {"service_name": "Joint targeted area inspections", "navigation": items}
