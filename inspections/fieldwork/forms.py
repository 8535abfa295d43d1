"""The fieldwork pages' forms. They shape input for the services; the services decide.

The evidence form's field names and values are the sync interface's (`sync`): agencies by id,
scope areas by code, the case sample by id; the offline page reads the same form.
"""

from __future__ import annotations

import datetime
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from jtai import fields

from .board import FILTERS, BoardFilter
from .evidence import RecordData
from .models import AgeBand, EvidenceKind, EvidenceRecord, Medium, Weight
from .selectors import Options

TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout)
    return helper


def sample_label(sample) -> str:
    return f"Case {sample.case.reference} ({sample.inspectorate.short_name}'s sample)"


def weight_field() -> forms.ChoiceField:
    return fields.radios(
        "Its weight", Weight.choices, missing="Choose whether this is a strength, an area for improvement or context"
    )


class EvidenceForm(forms.Form):
    kind = fields.radios(
        "What kind of evidence is it?", EvidenceKind.choices, missing="Choose what kind of evidence this is"
    )
    case_sample = fields.radios(
        "For case sampling: which joint sample", help_text="Inspectors sample only the cases the area audited."
    )
    occurred_on = fields.DateInputField(label="Date it happened", help_text="For example, 8 3 2016")
    occurred_time = forms.CharField(
        label="Time it happened",
        help_text="On the 24-hour clock, for example 14:30",
        max_length=5,
        error_messages={"required": "Enter the time it happened, for example 14:30"},
    )
    agencies = forms.MultipleChoiceField(
        label="Agencies it concerns", required=False, widget=forms.CheckboxSelectMultiple
    )
    scope_areas = forms.MultipleChoiceField(
        label="Parts of the scope it bears on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one part of the scope the evidence bears on"},
    )
    weight = weight_field()
    text = forms.CharField(
        label="What you saw, heard or read",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Never a child's or a family member's name.",
        error_messages={"required": "Enter what you saw, heard or read"},
    )
    age_band = fields.radios("For a conversation with a child or family: the child's age band", AgeBand.choices)
    medium = forms.ChoiceField(
        label="For a conversation: how it took place", choices=Medium.choices, required=False, widget=forms.RadioSelect
    )
    consent_given = forms.BooleanField(label="For a conversation: consent was given", required=False)
    # Set by the "Save anyway" button after a personal-data warning.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, options: Options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(str(pk), a.name) for pk, a in options.agencies.items()]
        self.fields["scope_areas"].choices = [(code, s.name) for code, s in options.scope_areas.items()]
        self.fields["case_sample"].choices = [(str(pk), sample_label(s)) for pk, s in options.case_samples.items()]
        layout = [
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("case_sample", legend_size=Size.SMALL, small=True) if options.case_samples else None,
            Field("occurred_on"),
            Field.text("occurred_time", field_width=5),
            Field.checkboxes("agencies", small=True, legend_size=Size.SMALL),
            Field.checkboxes("scope_areas", small=True, legend_size=Size.SMALL),
            Field.radios("weight", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=6),
            Fieldset(
                Field.radios("age_band", legend_size=Size.SMALL, small=True),
                Field.radios("medium", legend_size=Size.SMALL, small=True, inline=True),
                Field.checkbox("consent_given"),
                legend="The voice of children and families",
                legend_size=Size.MEDIUM,
            ),
            "confirmed",
        ]
        if not options.case_samples:
            del self.fields["case_sample"]
        self.helper = _helper(*(item for item in layout if item is not None))

    def clean_occurred_time(self):
        match = TIME.match(self.cleaned_data["occurred_time"].strip())
        if match is None:
            raise forms.ValidationError("Enter the time it happened on the 24-hour clock, for example 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def record_data(self) -> RecordData:
        data = self.cleaned_data
        occurred_at = timezone.make_aware(datetime.datetime.combine(data["occurred_on"], data["occurred_time"]))
        sample = data.get("case_sample")
        return RecordData(
            kind=data["kind"],
            occurred_at=occurred_at,
            weight=data["weight"],
            text=data["text"],
            agencies=tuple(int(a) for a in data["agencies"]),
            scope_areas=tuple(data["scope_areas"]),
            age_band=data["age_band"],
            medium=data["medium"],
            consent_given=data["consent_given"],
            case_sample=int(sample) if sample else None,
            confirmed=data["confirmed"],
        )


def initial_of(record: EvidenceRecord) -> dict:
    """The form's initial values for amending `record`."""
    moment = timezone.localtime(record.occurred_at)
    return {
        "kind": record.kind,
        "case_sample": str(record.case_sample_id) if record.case_sample_id else "",
        "occurred_on": moment.date(),
        "occurred_time": f"{moment:%H:%M}",
        "agencies": [str(a.pk) for a in record.agencies.all()],
        "scope_areas": [s.code for s in record.scope_areas.all()],
        "weight": record.weight,
        "text": record.text,
        "age_band": record.age_band,
        "medium": record.medium,
        "consent_given": record.consent_given,
    }


class BoardFilterForm(forms.Form):
    """The board's filters, sent by GET. Each is one of `board.FILTERS`: the board, the counts and
    the emerging findings' choice of records read them through `BoardFilter`."""

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, spec in FILTERS.items():
            self.fields[name] = forms.ChoiceField(
                label=spec.label, choices=[("", "All"), *choices[name]], required=False
            )
        self.helper = _helper(*(Field.select(name) for name in FILTERS))

    def board_filter(self) -> BoardFilter:
        if not self.is_valid():
            return BoardFilter()
        return BoardFilter(**{name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)})


class EmergingFindingForm(forms.Form):
    day = forms.ChoiceField(label="Day on site", widget=forms.RadioSelect)
    scope_area = forms.ChoiceField(
        label="Part of the scope", widget=forms.RadioSelect, error_messages={"required": "Choose a part of the scope"}
    )
    weight = weight_field()
    text = forms.CharField(
        label="The emerging finding",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the emerging finding"},
    )
    records = forms.MultipleChoiceField(
        label="The records it rests on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the records the finding rests on"},
    )

    def __init__(self, *args, days: list[datetime.date], options: Options, records: list[EvidenceRecord], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), f"{d:%A} {d.day} {d:%B %Y}") for d in days]
        self.fields["scope_area"].choices = [(code, s.name) for code, s in options.scope_areas.items()]
        self.fields["records"].choices = [(str(r.pk), r.label) for r in records]
        self.helper = _helper(
            Field.radios("day", legend_size=Size.SMALL, small=True),
            Field.radios("scope_area", legend_size=Size.SMALL, small=True),
            Field.radios("weight", legend_size=Size.SMALL, inline=True),
            Field.textarea("text", rows=5),
            Field.checkboxes("records", small=True, legend_size=Size.SMALL),
        )
