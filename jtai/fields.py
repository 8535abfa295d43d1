"""Choice fields that refuse an id the database cannot hold. A number past the key column's range
in a form ("team=99999999999999999999999") made SQLite raise OverflowError from the look-up, a
server error where the person should read "Select a valid choice". The range is the column's own:
32 bits for an IntegerField or AutoField key on PostgreSQL, 64 for the Big ones."""

from __future__ import annotations

from crispy_forms_gds import fields as gds_fields
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models


def key_of(field) -> models.Field:
    """The column a choice field's value is looked up in."""
    opts = field.queryset.model._meta
    return opts.get_field(field.to_field_name) if field.to_field_name else opts.pk


def outside_column(value, key: models.Field, using: str = "default") -> bool:
    """Whether `value` is a whole number that `key`'s column cannot hold. Anything else (a key that
    is not an integer, a value that is not a number) is for the field's own check."""
    if not isinstance(key, models.IntegerField | models.AutoField):
        return False
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    low, high = connections[using].ops.integer_field_range(key.get_internal_type())
    return (low is not None and number < low) or (high is not None and number > high)


def _outside(field, value) -> bool:
    return outside_column(value, key_of(field), field.queryset.db)


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _outside(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if _outside(self, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class DateInputField(gds_fields.DateInputField):
    """The GOV.UK day, month and year boxes. A date that does not exist ("30 2 2016") or whose
    numbers are past what a date can hold ("99999999999 3 2016", which raised OverflowError, a
    server error) is "<label> must be a real date"."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Every message says which date and what is wrong with it, never "Enter a valid date".
        name = self.label or "The date"
        self.error_messages["required"] = f"Enter the {name[0].lower()}{name[1:]}"
        self.error_messages["incomplete"] = f"{name} must include a day, month and year"
        parts = {
            "day": "the day must be a number, like 7",
            "month": "the month must be a number from 1 to 12, like 3",
            "year": "the year must be a number, like 2016",
        }
        for field, (part, wrong) in zip(self.fields, parts.items(), strict=True):
            field.error_messages["incomplete"] = f"{name} must include a {part}"
            field.validators = [RegexValidator(r"^[0-9]+$", f"{name} must be a real date: {wrong}")]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(f"{self.label or 'The date'} must be a real date", code="invalid") from None


def radios(label: str, choices=(), *, missing: str = "", **kwargs) -> forms.ChoiceField:
    """A question answered by one of several radios. `missing` is the error when none is chosen
    ("Choose …", naming what to choose); a question without one may be left unanswered."""
    if missing:
        kwargs["error_messages"] = {"required": missing}
    else:
        kwargs["required"] = False
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


def select(queryset, label: str, *, empty: str, missing: str, field_class=ModelChoiceField, **kwargs):
    """A question answered by choosing one row from a list (a select), which shows `empty` until
    one is chosen; `missing` is the error when none is ("Choose …", naming what to choose)."""
    return field_class(
        queryset=queryset, label=label, empty_label=empty, error_messages={"required": missing}, **kwargs
    )
