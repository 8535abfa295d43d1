"""What makes the evidence pages work with no connection: the web app manifest and the service worker.

Both are served from under one inspection's fieldwork address, so the service worker's scope is that
inspection's fieldwork pages and no other page of the service (docs/decisions/0011). Both are for the
inspection's team only: anyone else gets the same 404 as for the pages themselves.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from inspections import permissions

SERVICE_WORKER = "fieldwork/service-worker.js"


def _inspection(request, reference: str):
    return permissions.team_inspection_for(request.user, reference)


def scope_of(reference: str) -> str:
    """The fieldwork pages of one inspection: where its service worker is served, and all it controls."""
    return reverse("fieldwork_offline:service_worker", args=[reference]).rsplit("/", 1)[0] + "/"


@login_required
@require_GET
def service_worker(request, reference: str):
    _inspection(request, reference)
    response = HttpResponse(Path(finders.find(SERVICE_WORKER)).read_bytes(), content_type="text/javascript")
    # The browser looks for a new version at each visit rather than trusting a cached copy.
    response["Cache-Control"] = "no-cache"
    return response


def _icon(size: int) -> dict:
    return {
        "src": static(f"govuk-frontend/assets/images/govuk-icon-{size}.png"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
    }


@login_required
@require_GET
def manifest(request, reference: str):
    inspection = _inspection(request, reference)
    scope = scope_of(inspection.reference)
    response = JsonResponse(
        {
            "name": f"Evidence for {inspection.reference}",
            "short_name": "Evidence",
            "description": "Record evidence on site, with or without a connection.",
            "start_url": reverse("fieldwork:record_new", args=[inspection.reference]),
            "scope": scope,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b0c0c",
            "icons": [_icon(size) for size in (192, 512)],
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response
