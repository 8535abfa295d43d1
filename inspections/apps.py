from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Inspections"

    def ready(self):
        from django.urls import register_converter

        from .converters import InspectionReference

        # Before any URLconf is read: the nested apps' addresses take the reference too.
        register_converter(InspectionReference, "reference")
