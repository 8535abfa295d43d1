"""The admin edits each framework version's letter template and the reference data letters are
signed and named with (signatories, inspectorates' names by date); everything else about a letter
is written through the report pages' services, so the admin shows no letters, findings or responses."""

from dataclasses import asdict

from django.contrib import admin

from jtai.admin_services import SavesReferenceRows, ServiceHistoryAdmin

from .composition import DEFAULT_TEMPLATE
from .models import InspectorateNaming, LetterTemplate, Signatory


@admin.register(LetterTemplate)
class LetterTemplateAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ("framework",)
    fieldsets = (
        (None, {"fields": ("framework", "title", "action_plan_address")}),
        (
            "Fixed parts of the letter",
            {
                "fields": ("introduction", "scope", "what_happens_next", "action_plan"),
                "description": "Blank lines separate paragraphs. Placeholders: {area}, {reference}, {first_day}, "
                "{last_day}, {theme}, {inspectorates}, {publication_date}, {action_plan_due}, {action_plan_address}, "
                "{recommendation_kinds}.",
            },
        ),
    )

    def get_changeform_initial_data(self, request):
        # A new template starts from the wording every framework version has until it has its own.
        return {**asdict(DEFAULT_TEMPLATE), **super().get_changeform_initial_data(request)}


@admin.register(Signatory)
class SignatoryAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ("name", "title", "inspectorate", "valid_from", "valid_to")
    list_filter = ("inspectorate",)


@admin.register(InspectorateNaming)
class InspectorateNamingAdmin(SavesReferenceRows, ServiceHistoryAdmin):
    list_display = ("name_in_letter", "inspectorate", "position", "valid_from")
    list_filter = ("inspectorate",)
