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

        # The written statement of action joins the core's pages and lists, and the e-mails about
        # its review, through their registries: neither the core nor notifications imports areas.
        from inspections.notifications.emails import email_context

        from .statement_messages import statement_email_context

        email_context.connect(statement_email_context, dispatch_uid="areas_statement_email_context")

        from inspections.next_steps import next_steps_register

        from .statement_next_steps import statement_steps

        next_steps_register(statement_steps)

        from inspections.audit import audit_register

        from .statement_audit import statement_sources

        audit_register(statement_sources)

        from inspections.panels import panel_register

        panel_register("inspection_summary", "areas/statements/_summary_row.html", order=10)
        panel_register("inspection_banner", "areas/statements/_review_banner.html")
        panel_register("inspection_sections", "areas/statements/_lines_of_enquiry.html", order=5)
        panel_register("plan_area", "areas/statements/_plan_lines_of_enquiry.html")
