"""Indicators are reference data an admin keeps (name, unit, direction, source and column). Their
values come only through an import, and intelligence only through the managers' pages, so neither
is edited here."""

from django.contrib import admin

from jtai.admin_widgets import SafeChoicesAdmin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["name", "unit", "better", "source_column", "order"]
    search_fields = ["name", "source_column"]
    ordering = ["order", "name"]
