"""An area's record: its indicators, intelligence and other evaluations before an inspection is
chosen, and the written statement of action it promised after one.

A nested app: the core never imports it; it reads the core and `reports`.
"""

from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "inspections.areas"
    label = "areas"
    verbose_name = "Areas' records"

    def ready(self):
        from inspections.audit import audit_register
        from inspections.planning_warnings import planning_warnings_register

        from .audit import area_sources
        from .planning_warnings import other_inspection_warnings

        audit_register(area_sources)
        planning_warnings_register(other_inspection_warnings)
