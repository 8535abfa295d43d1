"""Site-wide pages: the start page that sends each user to their work, and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from inspections.selectors import local_start_inspection

from .navigation import start_page_for


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    start = start_page_for(request.user)
    # A local area's DCS, coordinator or leader lands on their inspection: what to do next, and by when.
    reference = local_start_inspection(request.user) if start == "inspections:programme" else None
    if reference is not None:
        return redirect("inspections:detail", reference=reference)
    if start is not None:
        return redirect(start)
    return render(request, "no_role.html", {"page_title": "No access yet"})
