"""The week on site: evidence the team records as it goes (offline too), and the emerging findings it rests on.

A nested app: the core never imports it; `reports` may link its findings to these records.
"""

from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "inspections.fieldwork"
    label = "fieldwork"
    verbose_name = "The week on site"

    def ready(self):
        from inspections.audit import audit_register
        from inspections.case_audits.retention import erasure_register
        from inspections.panels import panel_register

        from .audit import fieldwork_sources
        from .retention import evidence_erase

        audit_register(fieldwork_sources)
        erasure_register(evidence_erase)
        panel_register("inspection_sections", "fieldwork/_panel.html", order=25)
