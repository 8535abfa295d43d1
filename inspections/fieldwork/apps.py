from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "inspections.fieldwork"
    label = "fieldwork"
    verbose_name = "The week on site"
