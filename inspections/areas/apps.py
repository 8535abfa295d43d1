from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "inspections.areas"
    label = "areas"
    verbose_name = "Areas' records"
