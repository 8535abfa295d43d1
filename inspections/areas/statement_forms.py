"""Forms for the written statement of action's pages. They check what a person typed; the
services (`statements.py`) decide the rest."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from inspections.models import Inspection, agencies_taking_part
from jtai import fields, uploads
from jtai.form_pages import small_fields_helper

from .statement_models import ReviewDecision


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what will be done"},
    )
    agencies = fields.ModelMultipleChoiceField(
        queryset=None,
        label="Agencies that own the action",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the agency or agencies that own the action"},
    )
    due_on = fields.DateInputField(
        label="To be done by",
        help_text="Needed for an area for priority action. For example 27 6 2016.",
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies_taking_part(inspection).order_by("name")
        self.helper = small_fields_helper(
            Field.textarea("text", rows=4),
            Field.checkboxes("agencies", small=True, legend_size=Size.SMALL),
            Field("due_on"),
        )


class AttachmentForm(forms.Form):
    document = forms.FileField(
        label="Attach a document (optional)",
        error_messages={"required": "Choose a file to attach"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = uploads.DOCUMENT.label
        self.fields["document"].help_text = f"A PDF, Word (DOCX) or ODT document, smaller than {limit}."
        self.helper = small_fields_helper(Field("document"))


class ReviewForm(forms.Form):
    decision = fields.radios(
        "Your decision", ReviewDecision.choices, missing="Choose whether to accept the statement or ask for changes"
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        help_text="Needed when you ask for changes: what the area must change, and why. The DCS and the "
        "coordinator read it in their e-mail.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(
            Field.radios("decision", legend_size=Size.SMALL), Field.textarea("reasons", rows=4)
        )
