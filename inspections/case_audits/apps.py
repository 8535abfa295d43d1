from django.apps import AppConfig


class CaseAuditsConfig(AppConfig):
    name = "inspections.case_audits"
    label = "case_audits"
    verbose_name = "Case audits"

    def ready(self):
        # case_audits builds on notifications, never the other way: the e-mails ask, through
        # `notifications.emails.email_context`, for what only this app knows (a sign-up link for
        # a contact without an account, the link to the case-audit request).
        from inspections.notifications.emails import email_context

        from .invitations import email_context_for

        email_context.connect(email_context_for, dispatch_uid="case_audits_email_context")

        from inspections.next_steps import next_steps_register

        from .next_steps import case_audit_steps

        next_steps_register(case_audit_steps)

        from inspections.audit import audit_note_register, audit_register

        from .audit import case_audit_sources, erasure_notes

        audit_register(case_audit_sources)
        audit_note_register(erasure_notes)

        from inspections.panels import panel_register

        panel_register("inspection_sections", "case_audits/_panel.html", order=20)
        panel_register("programme_elsewhere", "case_audits/_programme_contributions.html")
