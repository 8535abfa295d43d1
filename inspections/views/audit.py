"""The audit trail pages: an inspection's, for its lead inspector (and admins), and the admins'
site-wide one. Both read through `inspections.audit`, which also decides who may see them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required

from jtai.form_pages import form_page
from jtai.pagination import govuk_pagination

from .. import audit
from ..forms import AuditFilterForm


def _pagination(page, query: dict) -> dict | None:
    return govuk_pagination(page, lambda number: "?" + urlencode({**query, "page": number}))


def _trail_page(request, *, inspection, template: str, title: str, extra: dict):
    site_wide = inspection is None
    form = AuditFilterForm(request.GET or None, parts=audit.audit_parts(inspection), site_wide=site_wide)
    filters = form.cleaned_data if form.is_valid() else {}
    trail = audit.audit_trail(
        inspection=inspection,
        part=filters.get("part") or None,
        user=filters.get("user"),
        since=filters.get("since"),
        until=filters.get("until"),
        page=request.GET.get("page") or 1,
    )
    query = {k: v for k, v in request.GET.items() if k != "page" and v} if form.is_valid() else {}
    if trail.part:
        title = f"{title}: {trail.part}"
    return form_page(
        request,
        template,
        {"heading": title, "trail": trail, "pagination": _pagination(trail.page, query), **extra},
        title=title,
        form=form,
    )


@login_required
def inspection_audit(request, reference):
    inspection = audit.audit_inspection_for(request.user, reference)
    return _trail_page(
        request,
        inspection=inspection,
        template="inspections/audit.html",
        title=f"Audit trail of {inspection.reference}",
        extra={"inspection": inspection, "erasures": audit.audit_notes(inspection)},
    )


@login_required
def site_audit(request):
    audit.audit_site_check(request.user)
    return _trail_page(
        request, inspection=None, template="inspections/audit.html", title="Audit trail of the service", extra={}
    )
