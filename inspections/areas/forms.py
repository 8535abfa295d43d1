"""Forms for an area's record. They check what a person typed; the services decide the rest."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from jtai import fields
from jtai.form_pages import small_fields_helper

from .models import EvaluationKind, GoodPracticeSign


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label="Indicators file (CSV)",
        help_text="In the layout of the Department for Education's statistics files: time_period, "
        "geographic_level, new_la_code, la_name, then one column per measure.",
        error_messages={"required": "Choose a CSV file of indicators"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


class IntelligenceNoteForm(forms.Form):
    source = forms.CharField(
        label="Where it came from",
        max_length=200,
        help_text="The body or person, for example “DfE regional adviser”.",
        error_messages={"required": "Enter who the intelligence came from"},
    )
    received_on = fields.DateInputField(label="Date received", help_text="For example 12 1 2016.")
    text = forms.CharField(
        label="What it says",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Do not name children or families.",
        error_messages={"required": "Enter what the intelligence says"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(Field.text("source"), Field("received_on"), Field.textarea("text", rows=5))


class OtherEvaluationForm(forms.Form):
    kind = fields.radios(
        "What kind of evaluation", EvaluationKind.choices, missing="Choose what kind of evaluation it was"
    )
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the evaluation's title"})
    date = fields.DateInputField(label="Date of the evaluation", help_text="When it took place or was published.")
    outcome = forms.CharField(label="Outcome (optional)", max_length=300, required=False)
    url = forms.URLField(
        label="Link (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link as a web address, like https://reports.ofsted.gov.uk/…"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(
            Field.radios("kind"),
            Field.text("title"),
            Field("date"),
            Field.text("outcome"),
            Field.text("url"),
        )


class GoodPracticeNoteForm(forms.Form):
    sign = fields.radios("Sign of good practice", GoodPracticeSign.choices, missing="Choose the sign of good practice")
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows it: what was seen or read, and where.",
        error_messages={"required": "Enter the evidence that shows it"},
    )
    seen_on = fields.DateInputField(label="Date of the evidence", help_text="For example 12 1 2016.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = small_fields_helper(Field.radios("sign"), Field.textarea("evidence", rows=4), Field("seen_on"))


class ChoosingForm(forms.Form):
    """The choosing page's filters and order, sent by GET."""

    region = forms.ChoiceField(label="Region", required=False)
    uninspected = forms.BooleanField(label="Not inspected within the planning warning's months", required=False)
    awaiting_statement = forms.BooleanField(label="With a written statement of action awaiting review", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(self, *args, regions: list[str], sorts: list[tuple[str, str]], months: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]
        self.fields["sort"].choices = sorts
        self.fields["uninspected"].label = f"Not inspected in the last {months} months"
        self.helper = small_fields_helper(
            Field.select("region"),
            Field.checkbox("uninspected", small=True),
            Field.checkbox("awaiting_statement", small=True),
            Field.select("sort"),
        )
