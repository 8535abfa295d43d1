from inspections import parts


class NotificationsConfig(parts.NestedAppConfig):
    name = "inspections.notifications"
    verbose_name = "Notifications"
    audit_sources = ("audit.message_sources",)
    panels = (
        ("inspection_banner", "notifications/_failed_banner.html"),
        ("inspection_notification", "notifications/_notification_not_sent.html"),
        ("inspection_meeting_actions", "notifications/_calendar_link.html"),
        ("inspection_sections", "notifications/_panel.html", 10),
        ("programme_stage", "notifications/_programme_failed_tag.html"),
    )

    def ready(self):
        super().ready()
        from inspections.signals import plan_changed

        from .sync import on_plan_changed

        plan_changed.connect(on_plan_changed, dispatch_uid="notifications_sync")
