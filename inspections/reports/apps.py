from inspections import parts


class ReportsConfig(parts.NestedAppConfig):
    name = "inspections.reports"
    verbose_name = "Reports"
    next_steps = ("next_steps.factual_accuracy_steps",)
    audit_sources = ("audit.report_sources",)
    panels = (("inspection_summary", "reports/_letter_summary_row.html"),)
