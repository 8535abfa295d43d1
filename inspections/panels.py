"""Sections that the apps built on the core add to its pages, each in a place the core names.

The core's templates never include a nested app's template, load its tags or name its URLs: an app
registers a template for a place (in its `AppConfig.ready`) with `panel_register`, and the core's
page renders there, with the page's own context, whatever is registered (`{% panels "place" %}`
from `inspection_panels`), in `order`. A panel that has nothing to show renders nothing.

The places:
- `inspection_banner`: the top of the inspection page, above its heading;
- `inspection_summary`: rows of "About this inspection", after the stage;
- `inspection_notification`: what to say of a notification not yet sent, instead of "Due …";
- `inspection_meeting_actions`: actions on one meeting's row (`meeting`);
- `inspection_sections`: sections of the page after the meetings;
- `programme_stage`: tags after an inspection's stage on the programme (`row`, `inspection`);
- `programme_elsewhere`: on a programme with no inspection to list, the user's work elsewhere (a
  contributor's case audits), instead of "no inspections for you";
- `plan_area`: the plan page, below the form, about the area chosen in it (`form`).
"""

from __future__ import annotations

from dataclasses import dataclass

from jtai.registries import register_once

PLACES = frozenset(
    {
        "inspection_banner",
        "inspection_summary",
        "inspection_notification",
        "inspection_meeting_actions",
        "inspection_sections",
        "programme_stage",
        "programme_elsewhere",
        "plan_area",
    }
)


@dataclass(frozen=True)
class Panel:
    place: str
    template: str
    order: int = 0


_panels: list[Panel] = []


def panel_register(place: str, template: str, *, order: int = 0) -> Panel:
    """Show `template` in `place` on the core's pages. Registering twice is harmless."""
    if place not in PLACES:
        raise ValueError(f"There is no place {place!r} for panels: the places are {', '.join(sorted(PLACES))}.")
    return register_once(_panels, Panel(place=place, template=template, order=order))


def panels_in(place: str) -> list[str]:
    """The templates registered for `place`, in their order (then in the order registered)."""
    return [p.template for p in sorted((p for p in _panels if p.place == place), key=lambda p: p.order)]
