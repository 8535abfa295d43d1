"""Forms for the report pages. They check what a person typed; the services decide the rest."""

from __future__ import annotations

import uuid

from crispy_forms_gds.layout import Field, Size
from django import forms

from inspections.case_audits.models import CaseSample
from inspections.fieldwork.models import EvidenceRecord
from inspections.models import Agency, Inspection, ScopeArea
from jtai import fields
from jtai.form_pages import small_fields_helper

from .models import (
    THEMATIC_SECTIONS,
    Addressee,
    BearsOn,
    Decision,
    FactualAccuracyComment,
    FindingKind,
    LeadershipOf,
    Priority,
)


def _agencies(inspection: Inspection):
    return Agency.objects.filter(areas=inspection.area).order_by("name")


def inspection_samples(inspection: Inspection):
    return CaseSample.objects.filter(case__request__inspection=inspection).select_related("case", "inspectorate")


def _scope_area_field(what: str) -> fields.ModelChoiceField:
    """The part of the scope a finding or a recommendation is about: one of its radios, in order."""
    return fields.ModelChoiceField(
        queryset=ScopeArea.objects.order_by("order"),
        label="Part of the scope",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose the part of the scope the {what} is about"},
    )


def _ticks(label: str, help_text: str, field_class=fields.ModelMultipleChoiceField, model=Agency):
    """Boxes to tick, none of them needed; the form gives the choices, the inspection's (the area's
    agencies: `_agencies`; its samples, its evidence records)."""
    return field_class(
        queryset=model.objects.none(),
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def inspection_records(inspection: Inspection):
    return EvidenceRecord.objects.filter(inspection=inspection).select_related("inspectorate")


class RecordChoiceField(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: EvidenceRecord) -> str:
        return obj.label


class SampleChoiceField(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CaseSample) -> str:
        return f"Case {obj.case.reference}: {obj.inspectorate.short_name}'s sample"


class FindingForm(forms.Form):
    scope_area = _scope_area_field("finding")
    kind = fields.radios(
        "Strength or area for improvement",
        FindingKind.choices,
        missing="Choose whether this is a strength or an area for improvement",
    )
    headline = forms.CharField(
        label="Headline",
        max_length=160,
        help_text="A few words, for example “Return-home interviews”. Use the same words as other letters for "
        "the same thing: the thematic report groups findings by them.",
        error_messages={"required": "Enter a headline of a few words"},
    )
    text = forms.CharField(
        label="Finding", widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "Enter the finding"}
    )
    agencies = _ticks("Agencies it concerns", "Select all that apply.")
    samples = _ticks(
        "Case samples it rests on (optional)",
        "The inspectors' joint samples of the area's audited cases.",
        SampleChoiceField,
        CaseSample,
    )
    records = _ticks(
        "Evidence records it rests on (optional)",
        "What the team saw, heard and read on site. The letter never shows them.",
        RecordChoiceField,
        EvidenceRecord,
    )
    leadership_of = fields.radios(
        "For a leadership finding: whose leadership it judges",
        [("", "Not a leadership finding"), *LeadershipOf.choices],
    )
    bears_on = fields.radios(
        "For a leadership finding: what it bears on",
        [("", "Not a leadership finding"), *BearsOn.choices],
        help_text="Leadership is judged only as it bears on the front door and the deep dive.",
    )
    is_key_strength = forms.BooleanField(
        label="A key strength: the letter opens its findings with it (the lead inspector chooses)", required=False
    )
    case_study = forms.CharField(
        label="Case study of highly effective practice (optional, the lead inspector writes it)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="From this strength. You may name the agency; never the child.",
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies(inspection)
        self.fields["samples"].queryset = inspection_samples(inspection)
        self.fields["records"].queryset = inspection_records(inspection)
        self.helper = small_fields_helper(
            Field.radios("scope_area", legend_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.text("headline"),
            Field.textarea("text", rows=6),
            Field.checkboxes("agencies", small=True, legend_size=Size.SMALL),
            Field.checkboxes("samples", small=True, legend_size=Size.SMALL),
            Field.checkboxes("records", small=True, legend_size=Size.SMALL),
            Field.radios("leadership_of", legend_size=Size.SMALL, small=True),
            Field.radios("bears_on", legend_size=Size.SMALL, small=True),
            Field.checkbox("is_key_strength"),
            Field.textarea("case_study", rows=5),
        )


class RecommendationForm(forms.Form):
    priority = fields.radios(
        "Priority", Priority.choices, missing="Choose an area for priority action or an area for development"
    )
    scope_area = _scope_area_field("recommendation")
    addressee = fields.radios("Who must respond", Addressee.choices, missing="Choose whom the recommendation is for")
    agencies = _ticks(
        "Agencies it is for", "Only when the recommendation is for named agencies. Select all that apply."
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies(inspection)
        if inspection.is_ofsted_only:
            self.fields["addressee"].choices = [
                (Addressee.JOINT, "The council and its LSCB"),
                (Addressee.AGENCIES, "Named council services"),
            ]
        self.helper = small_fields_helper(
            Field.radios("priority", legend_size=Size.SMALL),
            Field.radios("scope_area", legend_size=Size.SMALL),
            Field.radios("addressee", legend_size=Size.SMALL),
            Field.checkboxes("agencies", small=True, legend_size=Size.SMALL),
            Field.textarea("text", rows=4),
        )


class RequestKeyForm(forms.Form):
    """A button that asks for work: its key makes a second press ask nothing more."""

    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def key(self) -> uuid.UUID | None:
        return self.cleaned_data.get("request_key") if self.is_valid() else None


class CommentForm(forms.Form):
    paragraph = forms.IntegerField(
        label="Paragraph number",
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the paragraph number",
            "invalid": "Enter the paragraph number as a number, like 12",
            "min_value": "Enter the number of a paragraph of the draft",
            "max_value": "Enter the number of a paragraph of the draft",
        },
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )
    proposed_correction = forms.CharField(
        label="Proposed correction (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(
            Field.text("paragraph", field_width=4),
            Field.textarea("comment", rows=4),
            Field.textarea("proposed_correction", rows=3),
        )


class MergeForm(forms.Form):
    into = fields.select(
        FactualAccuracyComment.objects.none(),
        "Merge it into",
        empty="Choose a comment",
        missing="Choose the comment to merge it into",
    )

    def __init__(self, *args, comment: FactualAccuracyComment, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = choices
        self.fields["into"].label_from_instance = lambda c: f"Paragraph {c.paragraph}: {c.comment[:80]}"
        self.helper = small_fields_helper(Field.select("into"))


class ResponseForm(forms.Form):
    covering_note = forms.CharField(
        label="Covering note (optional)",
        required=False,
        help_text="Anything the inspectors should know about the partnership's response as a whole.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I am submitting the partnership's single response. It cannot be changed afterwards.",
        error_messages={"required": "Confirm that this is the partnership's single response"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(Field.textarea("covering_note", rows=3), Field.checkbox("confirm"))


class DecisionForm(forms.Form):
    decision = fields.radios(
        "Decision", Decision.choices, missing="Choose whether the comment is accepted, partly accepted or rejected"
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(
            Field.radios("decision", legend_size=Size.SMALL, inline=True), Field.textarea("reason")
        )


class FinaliseForm(RequestKeyForm):
    publication_date = fields.DateInputField(
        label="Publication date",
        help_text="Leave blank to keep the planned date. For example 27 6 2016.",
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(Field("publication_date"))


def _section(label: str, help_text: str = "") -> forms.CharField:
    """An optional section of the thematic report after its summary."""
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 6}))


class ThematicSummaryForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        help_text="What the inspections on this theme found, for every local area to learn from. "
        "Blank lines separate paragraphs.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the summary"},
    )

    key_messages = _section("Key messages (optional)")
    what_works_well = _section(
        "What works well (optional)", "Beside it, the report lists the strengths common to the letters."
    )
    what_needs_to_improve = _section(
        "What needs to improve, for each agency and for partnerships (optional)",
        "Beside it, the report counts the recommendations for each kind of agency and for partnerships.",
    )
    case_studies = _section(
        "Case studies (optional)",
        "Beside it, the report gives the letters' case studies of highly effective practice.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(
            *(Field.textarea(name, rows=10 if name == "summary" else 6) for name in THEMATIC_SECTIONS)
        )
