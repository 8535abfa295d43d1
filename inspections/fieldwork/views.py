"""The fieldwork pages and the sync interface. Each page finds the inspection through
`access.inspection_for` (404 for anyone outside its team), reads through the selectors and the
board, and writes through a service; a service's refusal goes on the field it names.

Stable hooks for the offline page (keep them): the evidence page's list is `#my-records`
(`data-record-id` on each row), its form is `#evidence-form` (`data-sync-url`), and the page's
template blocks are `records_list`, `evidence_form` and `offline`.
"""

from __future__ import annotations

import datetime
import json

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from inspections.case_audits.personal_data import PersonalDataWarning
from inspections.models import Inspectorate
from jtai.errors import DomainError
from jtai.form_pages import form_page, refusal_put
from jtai.pagination import govuk_pagination

from . import access, selectors
from .board import board_of, filter_choices
from .emerging import days_on_site, emerging_finding_record
from .evidence import evidence_record_amend, evidence_record_create, may_amend
from .forms import BoardFilterForm, EmergingFindingForm, EvidenceForm, initial_of
from .sync import SyncError, evidence_sync


def _posted(request):
    # An empty form sent is a form sent: it is checked, and refused, not shown again as new.
    return request.POST if request.method == "POST" else None


def _save(request, form, save) -> tuple[object | None, bool]:
    """(what `save` returned, or None; whether the personal-data warning was given)."""
    if request.method != "POST" or not form.is_valid():
        return None, False
    try:
        return save(), False
    except PersonalDataWarning as warning:
        refusal_put(form, warning)
        return None, True
    except DomainError as error:
        refusal_put(form, error)
        return None, False


def _evidence_page(request, inspection, form, *, warning: bool, refusal: str | None, title: str, **context):
    # A form sent when the user may no longer write is refused with the reason, never saved.
    refused = request.method == "POST" and refusal is not None
    return form_page(
        request,
        "fieldwork/evidence.html",
        {
            "inspection": inspection,
            "warning": warning,
            "refusal": refusal,
            "sync_url": reverse("fieldwork:sync", args=[inspection.reference]),
            "may_record_findings": access.may_record_findings(request.user, inspection),
            **context,
        },
        title=title,
        form=form,
        refused=refused,
    )


@login_required
def records(request, reference):
    """The evidence page: the inspector's own records for the inspection, and the form for a new one."""
    inspection = access.inspection_for(request.user, reference)
    refusal = access.write_refusal(request.user, inspection)
    options = selectors.options_for(inspection)
    form = EvidenceForm(_posted(request), options=options) if refusal is None else None
    warning = False
    if form is not None:
        saved, warning = _save(
            request,
            form,
            lambda: evidence_record_create(user=request.user, inspection=inspection, data=form.record_data()),
        )
        if saved is not None:
            flash.success(request, "Your record is saved.")
            return redirect("fieldwork:records", reference=reference)
    return _evidence_page(
        request,
        inspection,
        form,
        warning=warning,
        refusal=refusal,
        title="Evidence",
        mine=selectors.my_records(request.user, inspection),
    )


def _record_or_404(inspection, pk):
    record = selectors.record_of(inspection, pk)
    if record is None:
        raise Http404("No such record")
    return record


@login_required
@require_safe
def record_detail(request, reference, pk):
    inspection = access.inspection_for(request.user, reference)
    record = _record_or_404(inspection, pk)
    return form_page(
        request,
        "fieldwork/record.html",
        {
            "inspection": inspection,
            "record": record,
            "amendments": selectors.amendments_of(record),
            "may_amend": may_amend(request.user, record),
        },
        title=record.get_kind_display(),
    )


@login_required
def record_amend(request, reference, pk):
    inspection = access.inspection_for(request.user, reference)
    record = _record_or_404(inspection, pk)
    if not may_amend(request.user, record):
        raise Http404("No such page")
    form = EvidenceForm(_posted(request), initial=initial_of(record), options=selectors.options_for(inspection))
    saved, warning = _save(
        request, form, lambda: evidence_record_amend(user=request.user, record=record, data=form.record_data())
    )
    if saved is not None:
        flash.success(request, "The record is amended. Its earlier version is kept.")
        return redirect("fieldwork:record", reference=reference, pk=record.pk)
    return form_page(
        request,
        "fieldwork/amend.html",
        {"inspection": inspection, "record": record, "warning": warning},
        title="Amend the record",
        form=form,
    )


@require_POST
def sync(request, reference):
    """The sync interface (see `sync` for its JSON)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "signed_out"}, status=401)
    try:
        inspection = access.inspection_for(request.user, reference)
    except Http404:
        # Someone taken off the team knew of the inspection: their records are refused with the reason.
        inspection = access.was_on_team(request.user, reference)
        if inspection is None:
            raise
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep to parse
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    try:
        result = evidence_sync(user=request.user, inspection=inspection, payload=payload)
    except SyncError as error:
        return JsonResponse({"error": str(error)}, status=400)
    response = JsonResponse(result.as_json())
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def board(request, reference):
    inspection = access.inspection_for(request.user, reference)
    options = selectors.options_for(inspection)
    inspectorates = list(Inspectorate.objects.order_by("name"))
    form = BoardFilterForm(request.GET or None, choices=filter_choices(options, inspectorates))
    chosen = form.board_filter()
    data = board_of(inspection, chosen, page_number=request.GET.get("page") or 1, options=options)
    query = chosen.as_query()
    base = reverse("fieldwork:board", args=[reference]) + "?" + (query + "&" if query else "")
    return form_page(
        request,
        "fieldwork/board.html",
        {
            "inspection": inspection,
            "filter_form": form,
            "board": data,
            "pagination": govuk_pagination(data.page, lambda n: f"{base}page={n}"),
            "may_record_findings": access.may_record_findings(request.user, inspection),
        },
        title="Evidence board",
    )


@login_required
def emerging_findings(request, reference):
    """The lead's page for the day's emerging findings; the team reads them on the board."""
    inspection = access.inspection_for(request.user, reference)
    if not access.may_record_findings(request.user, inspection):
        raise Http404("No such page")
    options = selectors.options_for(inspection)
    inspectorates = list(Inspectorate.objects.order_by("name"))
    # The records to choose from, narrowed by the board's own filters.
    filter_form = BoardFilterForm(request.GET or None, choices=filter_choices(options, inspectorates))
    form = EmergingFindingForm(
        _posted(request),
        days=days_on_site(inspection),
        options=options,
        records=list(filter_form.board_filter().apply(selectors.records_of(inspection))),
    )
    saved, _ = _save(
        request,
        form,
        lambda: emerging_finding_record(
            user=request.user,
            inspection=inspection,
            day=_day(form.cleaned_data["day"]),
            scope_area=form.cleaned_data["scope_area"],
            weight=form.cleaned_data["weight"],
            text=form.cleaned_data["text"],
            records=form.cleaned_data["records"],
        ),
    )
    if saved is not None:
        flash.success(request, "The emerging finding is recorded.")
        return redirect(reverse("fieldwork:board", args=[reference]) + "#emerging-findings")
    return form_page(
        request,
        "fieldwork/emerging.html",
        {
            "inspection": inspection,
            "filter_form": filter_form,
            "findings": selectors.emerging_findings_of(inspection),
        },
        title="Record an emerging finding",
        form=form,
    )


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DomainError("day", "Choose one of the days on site") from None
