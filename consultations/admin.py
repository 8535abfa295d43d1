"""The admin writes through the consultations services, so it keeps every rule the pages and
`load_consultation` keep: a definition edit is a load of the definition as the admin left it,
themes save through `theme_save`, "you said, we did" entries through the outcome services, and
each marks a published report's PDF due again. What no service expresses is read-only here."""

from django.contrib import admin

from jtai.admin_services import RecordAdmin, SavesThroughServices, ServiceHistoryAdmin

from .coding import theme_save
from .definition import consultation_load
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
from .outcomes import outcome_add, outcome_delete, outcome_update
from .selectors import consultation_definition


def _rows(formset) -> list[dict]:
    """An inline's rows as the admin left them: deleted and untouched blank ones out, in position order."""
    rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    return sorted(rows, key=lambda row: row.get("position") or 0)


def _saved_by_service(formsets) -> None:
    # The admin's change message lists what each inline's own save did; the service saved instead
    # (and the history records every change with who made it).
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class ChannelInline(admin.TabularInline):
    model = Channel
    fields = ["code", "label", "asks_sector", "position"]
    extra = 0


class SectorInline(admin.TabularInline):
    model = Sector
    fields = ["label", "position"]
    extra = 0


class OutcomeInline(admin.StackedInline):
    model = Outcome
    fields = ["question", "you_said", "we_did", "position"]
    readonly_fields = ["position"]
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(SavesThroughServices, ServiceHistoryAdmin):
    list_display = ["title", "slug", "opens_on", "closes_on", "published_at"]
    fields = ["slug", "title", "summary", "opens_on", "closes_on", "outcome_summary", "published_at", "published_by"]
    prepopulated_fields = {"slug": ["title"]}
    # The slug names the consultation in addresses and in its definition file; publishing
    # happens on the consultation's page.
    readonly_fields = ["published_at", "published_by"]
    readonly_on_change = ("slug",)
    inlines = [ChannelInline, SectorInline, OutcomeInline]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        # No service deletes a consultation with its responses and coding.
        return False

    def save_model(self, request, obj, form, change):
        """Saved with its channels and sectors in save_related, by one load of the definition."""

    def save_related(self, request, form, formsets, change):
        by_model = {formset.model: formset for formset in formsets}
        data = consultation_definition(consultation=form.instance) if change else {"questions": []}
        cleaned = form.cleaned_data
        data.update(
            slug=form.instance.slug,
            title=cleaned["title"],
            summary=cleaned["summary"],
            outcome_summary=cleaned["outcome_summary"],
            opens_on=cleaned["opens_on"].isoformat() if cleaned["opens_on"] else None,
            closes_on=cleaned["closes_on"].isoformat() if cleaned["closes_on"] else None,
            channels=[
                {"code": row["code"], "label": row["label"], "asks_sector": row["asks_sector"]}
                for row in _rows(by_model[Channel])
            ],
            sectors=[row["label"] for row in _rows(by_model[Sector])],
        )
        consultation = consultation_load(data=data, user=request.user)
        form.instance.pk = consultation.pk
        self._save_outcomes(request, consultation, by_model[Outcome])
        _saved_by_service(formsets)

    def _save_outcomes(self, request, consultation, formset) -> None:
        for outcome_form in formset.forms:
            row = outcome_form.cleaned_data
            if not row:
                continue
            existing = Outcome.objects.filter(pk=outcome_form.instance.pk).first() if outcome_form.instance.pk else None
            said = {name: row[name] for name in ("question", "you_said", "we_did")}
            if row.get("DELETE"):
                if existing is not None:
                    outcome_delete(outcome=existing, user=request.user)
            elif existing is None:
                outcome_add(consultation=consultation, user=request.user, **said)
            elif outcome_form.has_changed():
                outcome_update(outcome=existing, user=request.user, **said)


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["label", "position"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(SavesThroughServices, ServiceHistoryAdmin):
    list_display = ["code", "consultation", "kind", "part", "position"]
    list_filter = ["consultation", "kind"]
    fields = ["consultation", "code", "text", "kind", "part", "position"]
    # Answers and themes hang on the question by consultation and code.
    readonly_on_change = ("consultation", "code")
    inlines = [OptionInline]

    def has_delete_permission(self, request, obj=None):
        # Dropping a question is a change of the definition file (load_consultation), which
        # refuses it while answers use it.
        return False

    def save_model(self, request, obj, form, change):
        """Saved with its options in save_related, by one load of its consultation's definition."""

    def save_related(self, request, form, formsets, change):
        question = form.instance
        consultation = question.consultation
        cleaned = form.cleaned_data
        entry = {"code": question.code, "text": cleaned["text"], "type": cleaned["kind"], "part": cleaned["part"]}
        entry["options"] = [row["label"] for row in _rows(formsets[0])]
        data = consultation_definition(consultation=consultation)
        positions = dict(consultation.questions.values_list("code", "position"))
        others = [q for q in data["questions"] if q["code"] != question.code]
        # The edited question goes before any question already at the position it was given.
        ordered = [(positions[q["code"]], 1, i, q) for i, q in enumerate(others)]
        ordered.append((cleaned["position"] or 0, 0, 0, entry))
        data["questions"] = [q for *_, q in sorted(ordered, key=lambda item: item[:3])]
        consultation = consultation_load(data=data, user=request.user)
        question.pk = consultation.questions.get(code=question.code).pk
        _saved_by_service(formsets)


@admin.register(Theme)
class ThemeAdmin(SavesThroughServices, ServiceHistoryAdmin):
    list_display = ["name", "question", "keywords"]
    list_filter = ["question__consultation"]
    fields = ["question", "name", "description", "keywords", "position"]
    # A theme's answers are those of its question; theme_save keeps the order themes were made in.
    readonly_fields = ["position"]
    readonly_on_change = ("question",)

    def has_delete_permission(self, request, obj=None):
        # Deleting a theme would take its coding and chosen quotes with it; no service does that.
        return False

    def save_model(self, request, obj, form, change):
        cleaned = form.cleaned_data
        theme = theme_save(
            question=obj.question,
            name=cleaned["name"],
            description=cleaned["description"],
            keywords=cleaned["keywords"],
            user=request.user,
            theme=Theme.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = theme.pk


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

    def has_delete_permission(self, request, obj=None):
        # The record of what became of an upload; uploads go through the upload page.
        return False


@admin.register(CodingChange)
class CodingChangeAdmin(RecordAdmin, admin.ModelAdmin):
    """The coding's audit trail."""

    list_display = ["changed_at", "changed_by", "action", "theme", "answer", "reason"]
    list_select_related = ["changed_by", "theme", "answer"]


@admin.register(ReportPdf)
class ReportPdfAdmin(RecordAdmin, admin.ModelAdmin):
    """The row is the PDF work's source of truth; publishing and unpublishing manage it."""

    list_display = ["consultation", "status", "generation", "file_generation", "rendered_at", "attempts"]
    readonly_fields = [f.name for f in ReportPdf._meta.fields]
