from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Channel,
    CodingChange,
    Consultation,
    Option,
    Outcome,
    Question,
    ReportPdf,
    ResponseImport,
    Sector,
    Theme,
)


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "opens_on", "closes_on", "published_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["published_at", "published_by"]
    inlines = [ChannelInline, SectorInline, OutcomeInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "consultation", "kind", "part", "position"]
    list_filter = ["consultation", "kind"]
    inlines = [OptionInline]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "question", "keywords"]
    list_filter = ["question__consultation"]


@admin.register(ResponseImport)
class ResponseImportAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "consultation",
        "status",
        "created_count",
        "unchanged_count",
        "created_by",
        "created_at",
    ]
    readonly_fields = [f.name for f in ResponseImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CodingChange)
class CodingChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "changed_by", "action", "theme", "answer", "reason"]
    list_select_related = ["changed_by", "theme", "answer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportPdf)
class ReportPdfAdmin(admin.ModelAdmin):
    list_display = ["consultation", "status", "generation", "file_generation", "rendered_at", "attempts"]
    readonly_fields = [f.name for f in ReportPdf._meta.fields]

    def has_add_permission(self, request):
        return False
