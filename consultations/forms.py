from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from jtai import uploads
from jtai.errors import DomainError


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Responses file (CSV)",
        help_text="One row per respondent: respondent_id, channel, sector, then one column per question code.",
        error_messages={"required": "Choose a CSV file of responses"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file"), Submit("submit", "Upload and import"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        try:
            return uploads.size_check(upload, limit=uploads.RESPONSES)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the theme's name"})
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    keywords = forms.CharField(
        label="Keywords (optional)",
        required=False,
        max_length=500,
        help_text="Words or phrases, separated by commas, that suggest this theme.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"), Field.textarea("description"), Field.text("keywords"), Submit("submit", "Save theme")
        )


class OutcomeForm(forms.Form):
    question = forms.ChoiceField(label="Question", required=False)
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what respondents said"},
    )
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter what changed"}
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "No particular question")] + [
            (q.code, f"{q.code.upper()}: {q.text[:90]}") for q in questions
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("question"),
            Field.textarea("you_said"),
            Field.textarea("we_did"),
            Submit("submit", "Add entry"),
        )
