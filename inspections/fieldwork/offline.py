"""What makes the evidence page work with no connection: its shell, the web app manifest and the
service worker (docs/decisions/0011).

All three are served from under one inspection's fieldwork address, so the service worker's scope is
that inspection's fieldwork pages and no other page of the service. The shell is the evidence page
without the inspector's records: the one page the service worker keeps, and what it shows for any
fieldwork page when there is no network. All are for the inspection's team only: anyone else gets
the same 404 as for the pages themselves (`access.inspection_for`).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import access, selectors
from .forms import EvidenceForm
from .views import _evidence_page

SERVICE_WORKER = "fieldwork/service-worker.js"


def scope_of(reference: str) -> str:
    """The fieldwork pages of one inspection: where its service worker is served, and all it controls."""
    return reverse("fieldwork_offline:service_worker", args=[reference]).rsplit("/", 1)[0] + "/"


@login_required
@require_GET
def service_worker(request, reference: str):
    access.inspection_for(request.user, reference)
    # Like every signed-in response it is not stored (jtai.middleware), so the browser checks for a
    # new version at each visit.
    return HttpResponse(Path(finders.find(SERVICE_WORKER)).read_bytes(), content_type="text/javascript")


def _icon(size: int) -> dict:
    return {
        "src": static(f"govuk-frontend/assets/images/govuk-icon-{size}.png"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
    }


@login_required
@require_GET
def manifest(request, reference: str):
    inspection = access.inspection_for(request.user, reference)
    scope = scope_of(inspection.reference)
    response = JsonResponse(
        {
            "name": f"Evidence for {inspection.reference}",
            "short_name": "Evidence",
            "description": "Record evidence on site, with or without a connection.",
            "start_url": reverse("fieldwork:records", args=[inspection.reference]),
            "scope": scope,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b0c0c",
            "icons": [_icon(size) for size in (192, 512)],
        }
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@login_required
@require_GET
def shell(request, reference: str):
    """The evidence page with the empty form and without the inspector's records, to be kept offline."""
    inspection = access.inspection_for(request.user, reference)
    refusal = access.write_refusal(request.user, inspection)
    form = EvidenceForm(options=selectors.options_for(inspection)) if refusal is None else None
    # Kept by the service worker only: like every signed-in page, no other cache keeps it (jtai.middleware).
    return _evidence_page(
        request, inspection, form, warning=False, refusal=refusal, title="Evidence", offline_shell=True
    )
