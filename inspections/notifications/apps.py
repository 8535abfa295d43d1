from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "inspections.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from inspections.signals import plan_changed

        from .sync import on_plan_changed

        plan_changed.connect(on_plan_changed, dispatch_uid="notifications_sync")

        from inspections.audit import audit_register

        from .audit import message_sources

        audit_register(message_sources)

        from inspections.panels import panel_register

        panel_register("inspection_banner", "notifications/_failed_banner.html")
        panel_register("inspection_notification", "notifications/_notification_not_sent.html")
        panel_register("inspection_meeting_actions", "notifications/_calendar_link.html")
        panel_register("inspection_sections", "notifications/_panel.html", order=10)
        panel_register("programme_stage", "notifications/_programme_failed_tag.html")
