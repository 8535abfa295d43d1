"""An id past what its key column holds is "Select a valid choice", decided before the database is
asked: SQLite raised OverflowError for such a look-up (a server error), and PostgreSQL's columns
are 32 bits for Django's own tables (users, groups, permissions) and 64 for ours."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from inspections.case_audits.forms import CaseForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAST_32_BITS = str(2**31)
PAST_64_BITS = str(2**63)


def _admin_field(model, name, rf):
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    # The change form: the user's add form has no groups.
    return admin.site._registry[model].get_form(request, obj=request.user).base_fields[name]


def test_the_add_a_case_form_refuses_an_agency_past_64_bits_without_asking_the_database(
    planned_inspection, django_assert_num_queries
):
    form = CaseForm(data={"reference": "C-1", "agencies": [PAST_64_BITS]}, inspection=planned_inspection)
    with django_assert_num_queries(0):
        assert not form.is_valid()
    assert form.errors["agencies"] == [f"Select a valid choice. {PAST_64_BITS} is not one of the available choices."]


def test_an_agency_past_32_bits_is_looked_up_as_its_column_holds_64(planned_inspection, django_assert_num_queries):
    form = CaseForm(data={"reference": "C-1", "agencies": [PAST_32_BITS]}, inspection=planned_inspection)
    with django_assert_num_queries(1):
        assert not form.is_valid()
    assert "Select a valid choice" in form.errors["agencies"][0]


@pytest.mark.parametrize(("model", "name"), [(Group, "permissions"), (get_user_model(), "groups")])
def test_the_admin_group_and_user_forms_refuse_a_choice_past_32_bits(model, name, rf, django_assert_num_queries):
    field = _admin_field(model, name, rf)
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean([PAST_32_BITS])
    assert refused.value.messages == [f"Select a valid choice. {PAST_32_BITS} is not one of the available choices."]


def test_every_admin_and_its_inlines_refuse_ids_past_the_column(rf):
    """Registered through the admin's site, each admin (Django's own among them) gets the fields above."""
    from jtai.admin_widgets import SafeChoicesAdmin

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, SafeChoicesAdmin), model
        for inline in model_admin.get_inline_instances(request):
            assert isinstance(inline, SafeChoicesAdmin), (model, inline)
