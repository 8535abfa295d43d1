from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from .. import permissions


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    if permissions.inspector_for(request.user) or permissions.local_contact_for(request.user):
        return redirect("inspections:programme")
    if request.user.has_perm("consultations.view_consultation"):
        return redirect("consultations:index")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "no_role.html", {"page_title": "No access yet"})


@login_required
def programme(request):
    return HttpResponse("programme")


@login_required
def plan(request):
    return HttpResponse("plan")


@login_required
def detail(request, reference):
    permissions.inspection_for(request.user, reference)
    return HttpResponse(reference)


@login_required
def change_stage(request, reference):
    permissions.inspection_for(request.user, reference)
    return HttpResponse(reference)
