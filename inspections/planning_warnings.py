"""Warnings the planner sees, from the core and from the apps built on it.

The core knows only its own inspections. An app that knows more of an area (another framework's
inspection of it, say) registers a provider in its `AppConfig.ready` with
`planning_warnings_register`; planning asks every provider whenever it previews a week on site.

EXTENSION POINT: "inspected by any framework within PLANNING_REPEAT_WARNING_MONTHS" is the core's
warning for its own inspections and the areas app's for the evaluations it records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from jtai.registries import register_once

from .models import Area


@dataclass(frozen=True)
class PlanningWarning:
    code: str
    message: str


# provider(area=..., onsite_start=..., months=..., viewer=...) -> list[PlanningWarning]
Provider = Callable[..., list[PlanningWarning]]
_providers: list[Provider] = []


def planning_warnings_register(provider: Provider) -> Provider:
    """Add an app's warnings to every planning preview. Registering twice is harmless."""
    return register_once(_providers, provider)


def registered_warnings(*, area: Area, onsite_start: datetime.date, months: int, viewer) -> list[PlanningWarning]:
    return [
        warning
        for provider in _providers
        for warning in provider(area=area, onsite_start=onsite_start, months=months, viewer=viewer)
    ]
