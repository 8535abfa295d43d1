from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class JtaiConfig(AppConfig):
    name = "jtai"
    default = True

    def ready(self):
        # Signing in starts the session's idle time.
        from . import sessions  # noqa: F401


class AdminConfig(admin_apps.AdminConfig):
    """The admin, on a site that asks for both factors (jtai/admin_site.py)."""

    default = False
    default_site = "jtai.admin_site.AdminSite"
