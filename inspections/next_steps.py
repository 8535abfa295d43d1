"""What a local area's DCS, coordinator and senior leaders must do next on an inspection, and by when.

The list is built by `next_steps_for` from the core's steps, read from the stored timeline, and
from providers that the apps built on the core register (in their `AppConfig.ready`) with
`next_steps_register`. A provider returns steps; a step with the key of a core step replaces it.

EXTENSION POINT: the case audits' return (key "case_audits", the case_audits app) and the
partnership's factual-accuracy response (key "factual_accuracy", the reports app) are the apps'
steps alone: the core has none for them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from jtai.registries import register_once

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


def next_steps_register(provider: Provider) -> Provider:
    """Add an app's steps to every local user's list. Registering twice is harmless."""
    return register_once(_providers, provider)


def _ahead(milestone: Milestone | None, today: datetime.date) -> bool:
    return milestone is not None and milestone.date >= today


def _nominate_coordinator(*, inspection, roles, milestones, coordinator_recorded, today) -> NextStep | None:
    call = milestones.get(MilestoneKey.CONFERENCE_CALL)
    if ContactRole.DCS not in roles or coordinator_recorded or inspection.stage not in Stage.before_fieldwork():
        return None
    return NextStep(
        "nominate_coordinator",
        "Nominate a DCS coordinator and tell the lead inspector who it is",
        call.date if _ahead(call, today) else today,
        call.time if _ahead(call, today) else None,
        "The coordinator arranges the case audits and the factual-accuracy response. "
        "Until one is named, reminders come to you.",
    )


def _conference_call(*, inspection, roles, milestones, coordinator_recorded, today) -> NextStep | None:
    call = milestones.get(MilestoneKey.CONFERENCE_CALL)
    if not _ahead(call, today):
        return None
    return NextStep(
        "conference_call",
        f"Join the {in_sentence(inspection.meeting_label(MilestoneKey.CONFERENCE_CALL))}",
        call.date,
        call.time,
        # Said as it is: a new DCS may see the page before the lead has recorded the details.
        "The dial-in details are below, under Where the meetings are held."
        if inspection.meeting_details(MilestoneKey.CONFERENCE_CALL)
        else "The lead inspector will send the dial-in details by email, and they will then be shown below.",
    )


def _setup_meeting(*, inspection, roles, milestones, coordinator_recorded, today) -> NextStep | None:
    setup = milestones.get(MilestoneKey.SETUP_MEETING)
    if not _ahead(setup, today) or inspection.stage not in Stage.until_fieldwork_ends():
        return None
    return NextStep(
        "setup_meeting",
        f"Attend the {in_sentence(inspection.meeting_label(MilestoneKey.SETUP_MEETING))} on the first day on site",
        setup.date,
        setup.time,
        "The venue is below.",
    )


_CORE_STEPS = (_nominate_coordinator, _conference_call, _setup_meeting)


def core_steps(
    *,
    inspection: Inspection,
    roles: frozenset[str],
    milestones: dict[str, Milestone],
    coordinator_recorded: bool,
    today: datetime.date,
) -> list[NextStep]:
    if inspection.stage in Stage.closed_or_withdrawn():
        return []
    kwargs = {
        "inspection": inspection,
        "roles": roles,
        "milestones": milestones,
        "coordinator_recorded": coordinator_recorded,
        "today": today,
    }
    return [step for step in (make(**kwargs) for make in _CORE_STEPS) if step is not None]


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
    steps = {step.key: step for step in core_steps(**kwargs)}
    for provider in _providers:
        steps.update({step.key: step for step in provider(**kwargs)})
    return sorted(steps.values(), key=lambda s: (s.due or datetime.date.max, s.time or datetime.time.max))
