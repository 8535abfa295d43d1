"""The inspection pages. Each reads through a selector and writes through a service."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from jtai.errors import DomainError
from jtai.form_pages import form_page, form_save, refusal_put
from jtai.pagination import govuk_pagination

from .. import permissions, selectors
from ..forms import MeetingsForm, PlanForm, RescheduleForm, StageChangeForm
from ..models import Stage
from ..services import (
    StageError,
    inspection_meetings_change,
    inspection_plan,
    inspection_reschedule,
    inspection_transition,
)
from ..services.planning import AlreadyPlanned, inspection_warnings
from ..services.stages import transition_check
from ..templatetags.jtai_format import govuk_date, govuk_datetime
from ..timeline import TimelineError
from ..transitions import MANUAL_TRANSITIONS, NEEDS_CONFIRMATION


@login_required
def programme(request):
    user = request.user
    if permissions.inspector_for(user) is None and not permissions.is_local_user(user):
        # Someone with another part of the service to go to (an analyst, an admin) is sent there.
        elsewhere = user.is_staff or user.has_perm("consultations.view_consultation")
        return render(
            request,
            "inspections/not_for_you.html",
            {"page_title": "The inspection pages are for inspectors and local areas", "elsewhere": elsewhere},
            status=403,
        )
    query = {key: request.GET[key] for key in ("show", "stage", "programme") if request.GET.get(key)}
    data = selectors.programme_for(
        user=user,
        stage=query.get("stage"),
        programme=query.get("programme"),
        show=query.get("show"),
        page=request.GET.get("page"),
    )
    if permissions.is_manager(user):
        heading = "Inspection programme"
    elif permissions.inspector_for(user):
        heading = "Your inspections"
    else:
        heading = "Your area's inspections"
    # Each filtered list has a title of its own: "Your inspections: planned", "…: past".
    named = []
    if data.stage:
        named.append(Stage(data.stage).label.lower())
    elif data.show == "past":
        named.append("past")
    if data.selected_programme:
        named.append(data.selected_programme.programme.name)
    if data.page.number > 1:
        named.append(f"page {data.page.number}")
    return render(
        request,
        "inspections/programme.html",
        {
            "page_title": f"{heading}: {', '.join(named)}" if named else heading,
            "heading": heading,
            "programme": data,
            "pagination": govuk_pagination(data.page, lambda number: "?" + urlencode({**query, "page": number})),
            "can_plan": permissions.can_plan(user),
        },
    )


def plan_prefill(query) -> dict:
    """A link may choose the area, the reason and the programme (`?area=3&chosen_because=rotation`):
    only a choice the form offers is taken, the rest is left to the planner."""
    return {
        name: query[name]
        for name in ("area", "chosen_because", "programme", "kind")
        if query.get(name, "").replace("_", "").isalnum()
    }


def _already_planned(request, inspection):
    messages.info(
        request,
        f"{inspection.reference} was already planned from this form: it is shown here rather than planned twice.",
    )
    return redirect("inspections:detail", reference=inspection.reference)


@login_required
def plan(request):
    user = request.user
    permissions.require(permissions.can_plan(user), "Only inspectors can plan inspections.")
    changed_after_preview = False
    # The form's token, made when it is first shown: sent twice, it plans one inspection.
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = uuid.uuid4()
    if request.method == "POST" and request.POST.get("action") == "plan":
        # Sent again (a double click, a resubmission): show what the first one planned.
        done = selectors.planned_with_token(user=user, token=token)
        if done is not None:
            return _already_planned(request, done)
    if request.method == "POST":
        form = PlanForm(request.POST, user=user)
        if form.is_valid() and request.POST.get("action") == "plan":
            if request.POST.get("previewed") != form.fingerprint():
                # Saving something other than what was previewed would skip its warnings.
                changed_after_preview = True
            else:
                data = form.cleaned_data
                try:
                    inspection = inspection_plan(
                        user=user,
                        area=data["area"],
                        theme=data["theme"],
                        framework=form.framework,
                        onsite_start=data["onsite_start"],
                        lead=data["lead"],
                        team=list(data["team"]),
                        programme=data["programme"],
                        conference_call_details=data["conference_call_details"],
                        setup_meeting_venue=data["setup_meeting_venue"],
                        concern=data["concern"],
                        chosen_because=data["chosen_because"],
                        proportionality_decision=data["proportionality_decision"],
                        proportionality_decided_by=data["proportionality_decided_by"],
                        idempotency_key=token,
                    )
                except AlreadyPlanned as done:
                    return _already_planned(request, done.inspection)
                except PermissionDenied as error:
                    form.add_error("lead", str(error))
                except TimelineError as error:
                    form.add_error("onsite_start", str(error))
                except DomainError as error:
                    refusal_put(form, error)
                else:
                    messages.success(
                        request,
                        f"{inspection.reference} planned: the DCS of {inspection.area} is to be notified on "
                        f"{govuk_datetime(inspection.notification_at)}.",
                    )
                    return redirect("inspections:detail", reference=inspection.reference)
    else:
        form = PlanForm(initial={"lead": permissions.inspector_for(user), **plan_prefill(request.GET)}, user=user)
    preview = form.preview if form.is_bound and form.is_valid() else None
    return form_page(
        request,
        "inspections/plan.html",
        {
            "preview": preview,
            "framework": form.framework,
            "fingerprint": form.fingerprint() if preview else "",
            "changed_after_preview": changed_after_preview,
            "token": token,
        },
        title="Plan an inspection",
        form=form,
    )


def _render_detail(request, reference, *, reschedule_form=None, stage_form=None, stage_error="", meetings_form=None):
    page = selectors.inspection_page_for(user=request.user, reference=reference)
    inspection = page.inspection
    return form_page(
        request,
        "inspections/detail.html",
        {
            "page": page,
            "inspection": page.inspection,
            "reschedule_form": reschedule_form or RescheduleForm(),
            "stage_form": stage_form or StageChangeForm(),
            "stage_error": stage_error,
            "meetings_form": meetings_form
            or MeetingsForm(
                initial={
                    "conference_call_details": inspection.conference_call_details,
                    "setup_meeting_venue": inspection.setup_meeting_venue,
                }
            ),
        },
        title=f"{inspection.reference}, {inspection.area.name}",
        forms=(reschedule_form, meetings_form),
        refused=bool(stage_error),
    )


@login_required
def detail(request, reference):
    return _render_detail(request, reference)


@permissions.team_action
def change_stage(request, inspection):
    form = StageChangeForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, inspection.reference, stage_form=form, stage_error="Choose a stage change")
    name = form.cleaned_data["transition"]
    if name in NEEDS_CONFIRMATION and not form.cleaned_data["confirmed"]:
        try:
            transition_check(user=request.user, inspection=inspection, name=name, bare=True)
        except StageError as error:
            return _render_detail(request, inspection.reference, stage_form=form, stage_error=str(error))
        return render(
            request,
            "inspections/confirm_stage_change.html",
            {
                "page_title": f"{MANUAL_TRANSITIONS[name]}: {inspection.reference}, {inspection.area.name}",
                "inspection": inspection,
                "name": name,
                "label": MANUAL_TRANSITIONS[name],
                "consequence": NEEDS_CONFIRMATION[name],
                "reason": form.cleaned_data["reason"],
            },
        )
    try:
        inspection = inspection_transition(
            user=request.user,
            inspection=inspection,
            name=name,
            reason=form.cleaned_data["reason"],
            bare=True,
        )
    except StageError as error:
        return _render_detail(request, inspection.reference, stage_form=form, stage_error=str(error))
    messages.success(request, f"{inspection.reference} is now at the stage “{inspection.get_stage_display()}”.")
    return redirect("inspections:detail", reference=inspection.reference)


@permissions.team_action
def reschedule(request, inspection):
    form = RescheduleForm(request.POST)
    if form.is_valid():
        onsite_start = form.cleaned_data["onsite_start"]
        try:
            inspection = inspection_reschedule(user=request.user, inspection=inspection, onsite_start=onsite_start)
        except TimelineError as error:
            form.add_error("onsite_start", f"{error} Choose a working day")
        except DomainError as error:
            refusal_put(form, error)
        else:
            messages.success(
                request,
                f"{inspection.reference} is now on site from {govuk_date(inspection.onsite_start)}; "
                "every milestone has moved with it.",
            )
            for warning in inspection_warnings(inspection=inspection, viewer=request.user):
                messages.warning(request, warning.message)
            return redirect("inspections:detail", reference=inspection.reference)
    return _render_detail(request, inspection.reference, reschedule_form=form)


@permissions.team_action
def meetings(request, inspection):
    form = MeetingsForm(request.POST)
    if form_save(
        request, form, lambda data: inspection_meetings_change(user=request.user, inspection=inspection, **data)
    ):
        messages.success(
            request,
            f"Where the meetings of {inspection.reference} are held is saved; "
            "invitations say so, and anyone already invited is sent an update.",
        )
        return redirect("inspections:detail", reference=inspection.reference)
    return _render_detail(request, inspection.reference, meetings_form=form)
