from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "inspections.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from inspections.signals import plan_changed

        from .sync import on_plan_changed

        plan_changed.connect(on_plan_changed, dispatch_uid="notifications_sync")

        from inspections.audit import audit_register

        from .audit import message_sources

        audit_register(message_sources)
