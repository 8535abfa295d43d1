from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "inspections.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from inspections.next_steps import next_steps_register

        from .next_steps import factual_accuracy_steps

        next_steps_register(factual_accuracy_steps)

        from inspections.audit import audit_register

        from .audit import report_sources

        audit_register(report_sources)

        from inspections.panels import panel_register

        panel_register("inspection_summary", "reports/_letter_summary_row.html")
