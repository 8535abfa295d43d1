"""The documents the request asks the area for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from jtai import uploads
from jtai.form_pages import form_flow

from .. import services
from ..access import access_for
from ..forms import DocumentForm
from ..models import DocumentReturn
from .cases import file_response


@login_required
@uploads.limited_uploads
def document(request, reference, pk):
    access = access_for(request.user, reference, "coordinator", "team")
    found = get_object_or_404(
        DocumentReturn.objects.select_related("document", "request"), pk=pk, request__inspection=access.inspection
    )
    form = DocumentForm()
    if request.method == "POST":
        if uploads.too_big(request):
            form = uploads.refused(DocumentForm, request)
        else:
            form = DocumentForm(request.POST, request.FILES)
    return form_flow(
        request,
        form,
        lambda data: services.document_save(
            user=request.user, access=access, document=found, upload=data["file"], missing_reason=data["missing_reason"]
        ),
        done=f"“{found.document.title}” is done.",
        then=reverse("case_audits:overview", args=[reference]),
        template="case_audits/document.html",
        context={
            "inspection": access.inspection,
            "found": found,
            "editable": access.coordinator and not found.request.is_locked,
        },
        title=found.document.title,
    )


@login_required
def document_download(request, reference, pk):
    access = access_for(request.user, reference)
    if not (access.coordinator or access.team):
        raise Http404("No such file")
    found = get_object_or_404(DocumentReturn, pk=pk, request__inspection=access.inspection)
    return file_response(found.file, found.original_name, found.content_type)
