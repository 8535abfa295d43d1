from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "inspections.areas"
    label = "areas"
    verbose_name = "Areas' records"
    default_auto_field = "django.db.models.BigAutoField"
