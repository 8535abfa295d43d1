"""Keeping an area's record: a manager adds intelligence, another evaluation or good practice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from jtai.form_pages import form_page, form_save

from .. import intelligence
from ..access import area_for, keeper_check
from ..forms import GoodPracticeNoteForm, IntelligenceNoteForm, OtherEvaluationForm

RECORDS = {
    "intelligence": (
        IntelligenceNoteForm,
        intelligence.intelligence_note_record,
        "Record intelligence",
        "Intelligence recorded",
    ),
    "evaluation": (
        OtherEvaluationForm,
        intelligence.other_evaluation_record,
        "Record another evaluation",
        "Evaluation recorded",
    ),
    "good_practice": (
        GoodPracticeNoteForm,
        intelligence.good_practice_note_record,
        "Record a sign of good practice",
        "Good practice recorded",
    ),
}


def _record(request, pk, what: str):
    keeper_check(request.user)
    area = area_for(request.user, pk)
    form_class, service, title, done = RECORDS[what]
    # An empty POST is a form sent blank: bound, so that it says what is missing.
    form = form_class(request.POST if request.method == "POST" else None)
    saved = form_save(request, form, lambda data: service(user=request.user, area=area, **data))
    if saved:
        messages.success(request, f"{done} for {area.name}.")
        return redirect("areas:area", pk=area.pk)
    return form_page(
        request,
        "areas/record_form.html",
        {"area": area, "heading": title, "button": title},
        title=f"{title}: {area.name}",
        form=form,
    )


@login_required
def intelligence_note(request, pk):
    return _record(request, pk, "intelligence")


@login_required
def other_evaluation(request, pk):
    return _record(request, pk, "evaluation")


@login_required
def good_practice_note(request, pk):
    return _record(request, pk, "good_practice")
