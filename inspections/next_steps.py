"""What a local area's DCS, coordinator and senior leaders must do next on an inspection, and by when.

The list is built by `next_steps_for` from the core's steps, read from the stored timeline, and
from providers that the apps built on the core register (in their `AppConfig.ready`) with
`next_steps_register`. A provider returns steps; a step with the key of a core step replaces it.

Extension points, marked `EXTENSION POINT` below:
- `case_audits`: the case-audit request (key "case_audits") — the case_audits app replaces the
  core's step with one that links to its upload page and says how many cases are asked for.
- `factual_accuracy`: the partnership's single response (key "factual_accuracy") — the reports app
  replaces it with one that links to the draft letter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .models import ContactRole, Inspection, Milestone, MilestoneKey, Stage, in_sentence


@dataclass(frozen=True)
class NextStep:
    key: str
    # What to do, as an instruction: "Send the area's case audits".
    action: str
    due: datetime.date | None = None
    time: datetime.time | None = None
    # A sentence more: how, where, with whom.
    detail: str = ""
    url: str = ""


# provider(inspection=..., roles=..., milestones=..., coordinator_recorded=..., today=...) -> list[NextStep]
Provider = Callable[..., list[NextStep]]
_providers: list[Provider] = []
# Core steps that an app took over: its provider alone decides them, including when there is none.
_replaced: set[str] = set()


def next_steps_register(provider: Provider, *, replaces: tuple[str, ...] = ()) -> Provider:
    """Add an app's steps to every local user's list. `replaces` names core steps the app decides
    instead (e.g. "case_audits" once the return can be submitted). Registering twice is harmless."""
    if provider not in _providers:
        _providers.append(provider)
    _replaced.update(replaces)
    return provider


def _ahead(milestone: Milestone | None, today: datetime.date) -> bool:
    return milestone is not None and milestone.date >= today


def core_steps(
    *,
    inspection: Inspection,
    roles: frozenset[str],
    milestones: dict[str, Milestone],
    coordinator_recorded: bool,
    today: datetime.date,
) -> list[NextStep]:
    K = MilestoneKey
    steps: list[NextStep] = []
    if inspection.stage in (Stage.CANCELLED, Stage.POSTPONED, Stage.PUBLISHED):
        return steps
    call = milestones.get(K.CONFERENCE_CALL)
    if ContactRole.DCS in roles and not coordinator_recorded and inspection.stage in (Stage.PLANNED, Stage.NOTIFIED):
        steps.append(
            NextStep(
                "nominate_coordinator",
                "Nominate a DCS coordinator and tell the lead inspector who it is",
                call.date if _ahead(call, today) else today,
                call.time if _ahead(call, today) else None,
                "The coordinator arranges the case audits and the factual-accuracy response. "
                "Until one is named, reminders come to you.",
            )
        )
    if _ahead(call, today):
        steps.append(
            NextStep(
                "conference_call",
                f"Join the {in_sentence(inspection.meeting_label(K.CONFERENCE_CALL))}",
                call.date,
                call.time,
                # Said as it is: a new DCS may see the page before the lead has recorded the details.
                "The dial-in details are below, under Where the meetings are held."
                if inspection.meeting_details(K.CONFERENCE_CALL)
                else "The lead inspector will send the dial-in details by email, and they will then be shown below.",
            )
        )
    # EXTENSION POINT (case_audits): the app replaces this step (key "case_audits") with its own.
    audits = milestones.get(K.CASE_AUDIT_DEADLINE)
    audits_are_yours = ContactRole.DCS_COORDINATOR in roles or (ContactRole.DCS in roles and not coordinator_recorded)
    if audits_are_yours and _ahead(audits, today) and inspection.stage in (Stage.PLANNED, Stage.NOTIFIED):
        steps.append(
            NextStep(
                "case_audits",
                "Send the area's case audits",
                audits.date,
                audits.time,
                "The partner agencies evaluate together the five to seven cases the lead inspector asks for.",
            )
        )
    setup = milestones.get(K.SETUP_MEETING)
    if _ahead(setup, today) and inspection.stage in (Stage.PLANNED, Stage.NOTIFIED, Stage.ON_SITE):
        steps.append(
            NextStep(
                "setup_meeting",
                f"Attend the {in_sentence(inspection.meeting_label(K.SETUP_MEETING))} on the first day on site",
                setup.date,
                setup.time,
                "The venue is below.",
            )
        )
    # EXTENSION POINT (factual_accuracy): the reports app replaces this step (key "factual_accuracy").
    response = milestones.get(K.FACTUAL_ACCURACY_DUE)
    coordinates = ContactRole.DCS in roles or ContactRole.DCS_COORDINATOR in roles
    if coordinates and inspection.stage == Stage.FACTUAL_ACCURACY and response is not None:
        steps.append(
            NextStep(
                "factual_accuracy",
                "Send the partnership's single factual-accuracy response to the draft letter",
                response.date,
                response.time,
                "The DCS coordinates one response for all the agencies.",
            )
        )
    return steps


def next_steps_for(
    *,
    inspection: Inspection,
    roles: frozenset[str],
    milestones: list[Milestone],
    coordinator_recorded: bool,
    today: datetime.date,
) -> list[NextStep]:
    """The steps for someone holding `roles` on the inspection, soonest first."""
    kwargs = {
        "inspection": inspection,
        "roles": roles,
        "milestones": {m.key: m for m in milestones},
        "coordinator_recorded": coordinator_recorded,
        "today": today,
    }
    steps = {step.key: step for step in core_steps(**kwargs) if step.key not in _replaced}
    for provider in _providers:
        steps.update({step.key: step for step in provider(**kwargs)})
    return sorted(steps.values(), key=lambda s: (s.due or datetime.date.max, s.time or datetime.time.max))
