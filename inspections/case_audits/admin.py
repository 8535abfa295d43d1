"""The admin keeps the definition: each framework version's size bands and the short list of
documents the area is asked for, and each area's child population. The run (requests, returns,
samples) changes only through the pages' services; the admin shows none of it."""

from django.contrib import admin

from jtai.admin_services import SavesReferenceRows, ServiceHistoryAdmin

from .models import AreaProfile, RequestedDocument, SizeBand


@admin.register(SizeBand)
class SizeBandAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ["framework", "from_population", "cases"]
    list_filter = ["framework"]


@admin.register(RequestedDocument)
class RequestedDocumentAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ["title", "framework", "order"]
    list_filter = ["framework"]


@admin.register(AreaProfile)
class AreaProfileAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ["area", "child_population"]
    search_fields = ["area__name"]
