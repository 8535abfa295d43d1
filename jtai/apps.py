from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class JtaiConfig(AppConfig):
    name = "jtai"
    default = True

    def ready(self):
        # Signing in starts the session's idle time.
        from django.contrib import admin

        from . import sessions  # noqa: F401
        from .two_factor import admin_devices_withdraw

        admin_devices_withdraw(admin.site)


class AdminConfig(admin_apps.AdminConfig):
    """The admin, on a site that asks for both factors (jtai/admin_site.py)."""

    default = False
    default_site = "jtai.admin_site.AdminSite"
