"""The case-audit pages' forms. They shape input for the services; the services decide."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from inspections.models import Agency, Person, ScopeArea, agencies_taking_part
from jtai import fields, uploads
from jtai.form_pages import fields_helper

from .models import QUESTIONS, Agreement
from .services import people_to_nominate


class ConfirmMixin(forms.Form):
    # Set by the "Save anyway" button after a personal-data warning.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Avoid common passwords and your own name or address.",
        strip=False,
        error_messages={"required": "Enter a password"},
    )
    password_again = forms.CharField(
        label="Enter the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(Field.text("password"), Field.text("password_again"))


class NewLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        help_text="The new link goes to the address recorded for you on this inspection.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(Field.text("email", autocomplete="email", spellcheck="false"))


class PersonChoice(fields.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.email})"


class NominateForm(forms.Form):
    person = PersonChoice(
        queryset=Person.objects.none(),
        required=False,
        label="Someone the area's records hold",
        empty_label="Someone else (enter their details below)",
    )
    name = forms.CharField(label="Full name", required=False, max_length=200)
    # As long as a person's address may be (254): a longer one was a database error, not a message.
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_to_nominate(inspection)
        self.helper = fields_helper(
            Field.select("person"),
            Fieldset(Field.text("name"), Field.text("email"), legend="Or someone else", legend_size=Size.SMALL),
        )


class ContributorForm(forms.Form):
    agency = fields.select(
        Agency.objects.none(), "Agency", empty="Choose the agency", missing="Select the agency they evaluate for"
    )
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter their full name"})
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_taking_part(inspection).order_by("name")
        self.helper = fields_helper(Field.select("agency"), Field.text("name"), Field.text("email"))


class RequestForm(ConfirmMixin):
    cases_number = forms.IntegerField(
        label="Number of cases",
        error_messages={"required": "Enter the number of cases", "invalid": "Enter the number of cases as a number"},
    )
    number_reason = forms.CharField(
        label="Why a number other than the default", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cohort = forms.CharField(
        label="The cohort",
        required=False,
        help_text="Which children, from the deep-dive theme. Never a child's name or date of birth.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, low: int, high: int, default_why: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases_number"].help_text = f"Between {low} and {high}. {default_why}"
        self.helper = fields_helper(
            Field.text("cases_number", field_width=2), Field.textarea("number_reason"), Field.textarea("cohort")
        )


class CaseForm(ConfirmMixin):
    reference = forms.CharField(
        label="The area's case reference",
        max_length=40,
        help_text="The pseudonymous reference the area knows the case by.",
        error_messages={"required": "Enter the area's case reference"},
    )
    agencies = fields.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        label="Agencies involved with the child",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies involved with the child"},
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies_taking_part(inspection).order_by("name")
        self.helper = fields_helper(
            Field.text("reference", field_width=10), Fieldset(Field.checkboxes("agencies", legend_size=Size.SMALL))
        )


class ScopeAnswersForm(ConfirmMixin):
    """A form with a box for each part of the scope (`answers`, by scope code) beside its own
    questions, which are the service's words."""

    def answers(self) -> dict:
        raise NotImplementedError

    def words(self) -> dict:
        """What the service is told: the answers, and the answer to each question the form declares."""
        return {"answers": self.answers(), **{name: self.cleaned_data[name] for name in self.base_fields}}


class EvaluationForm(ScopeAnswersForm):
    """One fieldset per scope area, the same four questions in each."""

    def __init__(self, *args, scopes: list[ScopeArea], initial_answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        fieldsets = []
        # What the personal-data warning calls each box: the question repeats in every part.
        self.box_names = {}
        for scope in scopes:
            names = []
            for key, label in QUESTIONS:
                name = f"{scope.code}__{key}"
                self.box_names[name] = f"{scope.name}: {label.lower()}"
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=(initial_answers.get(scope.code) or {}).get(key, ""),
                )
                names.append(Field.textarea(name))
            fieldsets.append(Fieldset(*names, legend=scope.name, legend_size=Size.MEDIUM))
        self.scopes = scopes
        self.helper = fields_helper(*fieldsets)

    def answers(self) -> dict:
        data = self.cleaned_data
        return {s.code: {key: data.get(f"{s.code}__{key}", "") for key, _l in QUESTIONS} for s in self.scopes}


class SampleForm(ScopeAnswersForm):
    evidence = forms.CharField(label="Evidence seen", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agreement = fields.radios("Do you agree with the area's own audit?", Agreement.choices)
    agreement_reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    finding_reference = forms.CharField(
        label="Finding this sample supports (optional)",
        required=False,
        max_length=100,
        help_text="Once the letter's findings exist, the finding's reference.",
    )

    def __init__(self, *args, scopes: list[ScopeArea], initial_answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        names = []
        for scope in scopes:
            self.fields[scope.code] = forms.CharField(
                label=scope.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=initial_answers.get(scope.code, ""),
            )
            names.append(Field.textarea(scope.code))
        self.scopes = scopes
        self.helper = fields_helper(
            Fieldset(*names, legend="Your inspectorate's evaluation", legend_size=Size.MEDIUM),
            Field.textarea("evidence"),
            Fieldset(Field.radios("agreement", legend_size=Size.SMALL)),
            Field.textarea("agreement_reason"),
            Field.text("finding_reference"),
        )

    def answers(self) -> dict:
        return {s.code: self.cleaned_data.get(s.code, "") for s in self.scopes}


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload the document",
        required=False,
        error_messages={"empty": "The selected file is empty"},
    )
    missing_reason = forms.CharField(
        label="Or say why it does not exist", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"PDF, DOCX or ODT, up to {uploads.DOCUMENT.label}."
        self.helper = fields_helper(Field("file"), Field.textarea("missing_reason"))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Add an attachment",
        required=False,
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Only where needed. PDF, DOCX or ODT, up to {uploads.DOCUMENT.label}."
        self.helper = fields_helper(Field("file"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why should the return be reopened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the return should be reopened"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(Field.textarea("reason"))


class DecisionForm(forms.Form):
    decision = fields.radios(
        "Reopen the return?",
        [("grant", "Yes, reopen it"), ("refuse", "No, keep it submitted")],
        missing="Select whether to reopen the return",
    )
    note = forms.CharField(
        label="Note to the coordinator (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(Fieldset(Field.radios("decision", legend_size=Size.SMALL)), Field.textarea("note"))
