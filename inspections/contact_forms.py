"""The form for adding a local contact to an inspection (the pages' own forms live in forms.py)."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from jtai import fields
from jtai.form_pages import fields_helper

from .models import ContactRole, Person
from .services.contacts import people_for


class PersonChoiceField(fields.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        where = obj.agency.name if obj.agency_id else "the council"
        return f"{obj.name}, {obj.get_role_display()} ({where}), {obj.email}"


class ContactAddForm(forms.Form):
    person = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Person",
        empty_label="Choose a person",
        help_text="People the area's records hold. An admin adds anyone missing.",
        error_messages={"required": "Choose the person", "invalid_choice": "Choose one of the area's people"},
    )
    role = fields.radios(
        "Role on this inspection",
        ContactRole.choices,
        missing="Choose the person's role on this inspection",
        help_text="The LSCB chair is someone the area's records hold as its LSCB chair.",
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(inspection)
        self.helper = fields_helper(Field.select("person"), Fieldset(Field.radios("role", legend_size=Size.SMALL)))
