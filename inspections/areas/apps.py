"""An area's record: its indicators, intelligence and other evaluations before an inspection is
chosen, and the written statement of action it promised after one.

A nested app: the core never imports it; it reads the core and `reports`.
"""

from inspections import parts


class AreasConfig(parts.NestedAppConfig):
    name = "inspections.areas"
    verbose_name = "Areas' records"
    # The written statement of action joins the core's pages and lists through their registries,
    # and the e-mails about its review through `email_context` (below): neither the core nor
    # notifications imports areas.
    next_steps = ("statement_next_steps.statement_steps",)
    audit_sources = ("audit.area_sources", "statement_audit.statement_sources")
    planning_warnings = ("planning_warnings.other_inspection_warnings",)
    panels = (
        ("inspection_summary", "areas/statements/_summary_row.html", 10),
        ("inspection_banner", "areas/statements/_review_banner.html"),
        ("inspection_sections", "areas/statements/_lines_of_enquiry.html", 5),
        ("plan_area", "areas/statements/_plan_lines_of_enquiry.html"),
    )

    def ready(self):
        super().ready()
        from inspections.notifications.emails import email_context

        from .statement_messages import statement_email_context

        email_context.connect(statement_email_context, dispatch_uid="areas_statement_email_context")
