from inspections import parts


class CaseAuditsConfig(parts.NestedAppConfig):
    name = "inspections.case_audits"
    verbose_name = "Case audits"
    next_steps = ("next_steps.case_audit_steps",)
    audit_sources = ("audit.case_audit_sources",)
    audit_notes = ("audit.erasure_notes",)
    panels = (
        ("inspection_sections", "case_audits/_panel.html", 20),
        ("programme_elsewhere", "case_audits/_programme_contributions.html"),
    )

    def ready(self):
        super().ready()
        # case_audits builds on notifications, never the other way: the e-mails ask, through
        # `notifications.emails.email_context`, for what only this app knows (a sign-up link for
        # a contact without an account, the link to the case-audit request).
        from inspections.notifications.emails import email_context

        from .invitations import email_context_for

        email_context.connect(email_context_for, dispatch_uid="case_audits_email_context")
