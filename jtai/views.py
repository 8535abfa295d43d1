"""Site-wide pages: the front door (the start page that sends each user to their work, or shows the
public what is published), the footer's pages, and the health check."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from inspections.selectors import local_start_inspection

from .navigation import start_page_for


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def home(request):
    if not request.user.is_authenticated:
        context = {"page_title": "Joint targeted area inspections", "published": reverse("published:index")}
        return render(request, "home.html", context)
    start = start_page_for(request.user)
    # A local area's DCS, coordinator or leader lands on their inspection: what to do next, and by when.
    reference = local_start_inspection(request.user) if start == "inspections:programme" else None
    if reference is not None:
        return redirect("inspections:detail", reference=reference)
    if start is not None:
        return redirect(start)
    return render(request, "no_role.html", {"page_title": "No access yet"})


def accessibility(request):
    return render(request, "footer/accessibility.html", {"page_title": "Accessibility statement"})


def privacy(request):
    return render(
        request,
        "footer/privacy.html",
        {
            "page_title": "Privacy notice",
            "case_audit_retention_months": settings.CASE_AUDITS_RETENTION_MONTHS,
            "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        },
    )


def contact(request):
    return render(request, "footer/contact.html", {"page_title": "Contact us"})
