"""The one door through which an app built on the core adds its parts to the core's registries.

A nested app's `AppConfig` subclasses `NestedAppConfig` and names its parts as class attributes:
dotted paths inside the app ("next_steps.case_audit_steps"), so that nothing is imported before
the app registry is ready. `ready` registers them, in the order named, with the core's registries
(`next_steps`, `audit`, `planning_warnings`, `panels`); the core never imports the app.

Import the module (`from inspections import parts`), not the class: Django takes an app's config
from its `apps` module only when that module holds a single `AppConfig` subclass.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import import_string


class NestedAppConfig(AppConfig):
    # Each app's label is Django's default, the last part of its name ("inspections.reports" is
    # "reports"): the label its migrations and permissions already carry.
    # Providers of a local user's next steps (inspections/next_steps.py).
    next_steps: tuple[str, ...] = ()
    # Providers of an inspection's audit trail, and of notes under it (inspections/audit.py).
    audit_sources: tuple[str, ...] = ()
    audit_notes: tuple[str, ...] = ()
    # Providers of the planner's warnings (inspections/planning_warnings.py).
    planning_warnings: tuple[str, ...] = ()
    # Templates shown in the core's pages: (place, template) or (place, template, order)
    # (inspections/panels.py).
    panels: tuple[tuple[str, str] | tuple[str, str, int], ...] = ()

    def part(self, path: str):
        return import_string(f"{self.name}.{path}")

    def ready(self):
        from .audit import audit_note_register, audit_register
        from .next_steps import next_steps_register
        from .panels import panel_register
        from .planning_warnings import planning_warnings_register

        for register, paths in (
            (next_steps_register, self.next_steps),
            (audit_register, self.audit_sources),
            (audit_note_register, self.audit_notes),
            (planning_warnings_register, self.planning_warnings),
        ):
            for path in paths:
                register(self.part(path))
        for place, template, *order in self.panels:
            panel_register(place, template, order=order[0] if order else 0)
