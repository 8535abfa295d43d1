"""The week on site: evidence the team records as it goes (offline too), and the emerging findings it rests on.

A nested app: the core never imports it; `reports` may link its findings to these records.
"""

from inspections import parts


class FieldworkConfig(parts.NestedAppConfig):
    name = "inspections.fieldwork"
    verbose_name = "The week on site"
    audit_sources = ("audit.fieldwork_sources",)
    panels = (("inspection_sections", "fieldwork/_panel.html", 25),)

    def ready(self):
        super().ready()
        from inspections.case_audits.retention import erasure_register

        from .retention import evidence_erase

        erasure_register(evidence_erase)
