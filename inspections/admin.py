from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html

from jtai.admin_services import SavesReferenceRows, SavesThroughServices, ServiceHistoryAdmin, ShownInline
from jtai.admin_widgets import SafeChoicesAdmin

from . import models
from .services.contacts import account_save, person_save
from .services.meetings import inspection_meetings_change
from .services.programmes import inspection_programme_change
from .services.reference import (
    framework_in_use,
    framework_version_copy,
    framework_version_save,
    inspector_save,
    non_working_day_delete,
    non_working_day_save,
)


@admin.register(models.Inspectorate)
class InspectorateAdmin(SavesReferenceRows, SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["short_name", "name", "code"]


@admin.register(models.Area)
class AreaAdmin(SavesReferenceRows, SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["name", "ons_code", "region"]
    search_fields = ["name", "ons_code"]


@admin.register(models.Agency)
class AgencyAdmin(SavesReferenceRows, SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["areas"]


@admin.register(models.Person)
class PersonAdmin(SavesThroughServices, SafeChoicesAdmin, ServiceHistoryAdmin):
    list_display = ["name", "role", "area", "agency", "email"]
    list_filter = ["role", "area"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["area", "agency", "user"]

    def save_model(self, request, obj, form, change):
        # Through the service, so messages still to go follow a corrected name or address.
        person_save(user=request.user, person=obj)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(SavesThroughServices, DjangoUserAdmin):
    def save_model(self, request, obj, form, change):
        # Through the service, so an inspector's messages still to go follow a corrected address.
        account_save(user=request.user, account=obj)


@admin.register(models.Inspector)
class InspectorAdmin(SavesThroughServices, SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["__str__", "inspectorate", "is_manager", "telephone"]
    list_filter = ["inspectorate", "is_manager"]
    autocomplete_fields = ["user"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]

    def save_model(self, request, obj, form, change):
        # Through the service, so the messages of their open inspections follow.
        inspector_save(user=request.user, inspector=obj)


def _names(inspections) -> str:
    return ", ".join(i.reference for i in inspections)


@admin.register(models.NonWorkingDay)
class NonWorkingDayAdmin(SavesThroughServices, SafeChoicesAdmin, admin.ModelAdmin):
    """A day added or removed moves the timelines (and messages) of inspections not yet
    notified that count across it; a notified area keeps the notice it was given."""

    list_display = ["date", "reason"]
    date_hierarchy = "date"

    def _tell(self, request, change) -> None:
        if change.replanned:
            messages.info(
                request, f"Timelines and messages moved for inspections not yet notified: {_names(change.replanned)}."
            )
        if change.unchanged:
            messages.warning(
                request,
                f"{_names(change.unchanged)} already notified: the notice the area was given stands, and their "
                "dates have not moved. Change the week on site on the inspection page if they must.",
            )

    def save_model(self, request, obj, form, change):
        self._tell(request, non_working_day_save(user=request.user, day=obj))

    def delete_model(self, request, obj):
        self._tell(request, non_working_day_delete(user=request.user, day=obj))

    def delete_queryset(self, request, queryset):
        for day in queryset:
            self.delete_model(request, day)


@admin.register(models.FrameworkVersion)
class FrameworkVersionAdmin(SavesThroughServices, SafeChoicesAdmin, ServiceHistoryAdmin):
    """A version used by an inspection is read-only: inspections keep the rules they were planned
    on. A change of rules is a new version, made with the action "Copy as a new version"."""

    list_display = ["name", "slug", "kind", "notice_working_days", "notice_convention", "is_current"]
    filter_horizontal = ["inspectorates"]
    actions = ["copy_as_new_version"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and framework_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and framework_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        framework_version_save(user=request.user, framework=obj)

    @admin.action(description="Copy as a new version", permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        for framework in queryset:
            copy = framework_version_copy(user=request.user, framework=framework)
            url = reverse("admin:inspections_frameworkversion_change", args=[copy.pk])
            messages.success(
                request,
                format_html(
                    'Copied {} as <a href="{}">{}</a>: change its rules, then make it current.', framework, url, copy
                ),
            )

    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "kind", "reference_prefix", "effective_from", "is_current", "inspectorates"]},
        ),
        (
            "Notice and notification",
            {
                "fields": [
                    "notice_working_days",
                    "notice_convention",
                    "notification_time",
                    "conference_call_time",
                    "notification_order",
                ]
            },
        ),
        (
            "Case audits",
            {
                "fields": [
                    "case_audits_min",
                    "case_audits_max",
                    "case_audit_due_working_days_before_onsite",
                    "case_audit_due_time",
                ]
            },
        ),
        ("Fieldwork", {"fields": ["fieldwork_working_days", "setup_meeting_time", "feedback_meeting_time"]}),
        (
            "After fieldwork (working days)",
            {
                "fields": [
                    "draft_letter_working_days",
                    "factual_accuracy_working_days",
                    "publication_working_days",
                    "action_plan_working_days",
                ]
            },
        ),
    ]


@admin.register(models.Theme)
class ThemeAdmin(SavesReferenceRows, SafeChoicesAdmin, ServiceHistoryAdmin):
    list_display = ["name", "published_on", "is_active"]
    filter_horizontal = ["framework_versions"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Programme)
class ProgrammeAdmin(SavesReferenceRows, SafeChoicesAdmin, ServiceHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on", "max_inspections"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.ScopeArea)
class ScopeAreaAdmin(SavesReferenceRows, SafeChoicesAdmin, admin.ModelAdmin):
    list_display = ["name", "order"]


class TeamInline(ShownInline):
    """Shown, not changed: the team changes on the inspection's own page, where the rules and the
    notification plan apply."""

    model = models.TeamMembership
    fields = ["inspector", "is_lead"]


class MilestoneInline(ShownInline):
    model = models.Milestone
    fields = ["label", "date", "time"]


class StageChangeInline(ShownInline):
    model = models.StageChange
    fields = ["at", "from_stage", "to_stage", "by", "reason"]


@admin.register(models.Inspection)
class InspectionAdmin(SavesThroughServices, SafeChoicesAdmin, ServiceHistoryAdmin):
    """Inspections are planned and moved on the service's own pages, which apply the rules;
    the admin shows them, and changes where the meetings are held and the programme through the
    same services as the pages (the invitations already sent are updated)."""

    list_display = ["reference", "area", "theme", "onsite_start", "stage"]
    list_filter = ["stage", "programme", "framework", "theme"]
    search_fields = ["reference", "area__name"]
    readonly_fields = [
        "reference",
        "concern",
        "area",
        "framework",
        "theme",
        "onsite_start",
        "notification_at",
        "notified_at",
        "stage",
        "created_by",
        "created_at",
        "team_page",
    ]
    inlines = [TeamInline, MilestoneInline, StageChangeInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        cleaned = form.cleaned_data
        if {"conference_call_details", "setup_meeting_venue"} & set(form.changed_data):
            inspection_meetings_change(
                user=request.user,
                inspection=obj,
                conference_call_details=cleaned["conference_call_details"],
                setup_meeting_venue=cleaned["setup_meeting_venue"],
            )
        if "programme" in form.changed_data:
            inspection_programme_change(user=request.user, inspection=obj, programme=cleaned["programme"])
        messages.info(request, "Dates, stage and team change on the inspection's own page, where the rules apply.")

    @admin.display(description="Team")
    def team_page(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("inspections:team", args=[obj.reference])
        return format_html('Changed on <a href="{}">the inspection\'s team page</a>.', url)
