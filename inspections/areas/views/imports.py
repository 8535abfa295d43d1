"""A manager uploads a file of indicators, sees what it will change, then confirms or cancels it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jtai import uploads
from jtai.form_pages import button_act, form_page, form_save

from .. import selectors
from ..access import keeper_check
from ..forms import IndicatorUploadForm
from ..imports import ImportFailed, indicator_import_confirm, indicator_import_discard, indicator_import_upload
from ..models import ImportStatus, IndicatorImport


@login_required
@uploads.limited_uploads(limit=uploads.AREA_INDICATORS)
def upload(request):
    keeper_check(request.user)
    if uploads.too_big(request):
        form = uploads.refused(IndicatorUploadForm, request)
    else:
        form = IndicatorUploadForm(request.POST, request.FILES) if request.method == "POST" else IndicatorUploadForm()
    errors = []

    def save(data):
        try:
            return indicator_import_upload(user=request.user, upload=data["file"])
        except ImportFailed as failed:
            # Each error names its line and column, in a table below the form.
            errors.extend(failed.errors)
            raise

    saved = form_save(request, form, save)
    if saved:
        return redirect("areas:indicator_import", pk=saved.value.pk)
    return form_page(
        request,
        "areas/indicator_upload.html",
        {"row_errors": errors, "imports": selectors.imports_recent()},
        title="Upload area indicators",
        form=form,
    )


@login_required
def indicator_import(request, pk):
    keeper_check(request.user)
    indicator_import = get_object_or_404(IndicatorImport.objects.select_related("uploaded_by", "applied_by"), pk=pk)
    changes, refusal = [], ""
    if indicator_import.status == ImportStatus.AWAITING:
        parsed, indicators = selectors.import_parse(indicator_import.content)
        if parsed.ok:
            changes = selectors.import_changes(parsed, indicators)
        else:
            refusal = "The file no longer matches the service's areas or indicators: " + "; ".join(
                str(e) for e in parsed.errors[:5]
            )
    return render(
        request,
        "areas/indicator_import.html",
        {
            "page_title": f"Indicators from {indicator_import.original_name}",
            "import": indicator_import,
            "changes": changes,
            "refusal": refusal,
        },
    )


@login_required
@require_POST
def indicator_import_decide(request, pk):
    keeper_check(request.user)
    indicator_import = get_object_or_404(IndicatorImport, pk=pk)
    confirm = request.POST.get("action") == "confirm"
    act = indicator_import_confirm if confirm else indicator_import_discard
    if done := button_act(request, lambda: act(user=request.user, indicator_import=indicator_import)):
        if confirm:
            messages.success(request, f"Indicators imported from {done.value.original_name}.")
        else:
            messages.info(request, f"The import of {indicator_import.original_name} was cancelled: nothing changed.")
    return redirect("areas:indicator_import", pk=pk)
