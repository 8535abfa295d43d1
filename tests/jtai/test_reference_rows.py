"""Reference data with no service of its own is written through `jtai.reference_rows`: by whoever
holds the model's permission, once it validates, and the admin saves it that way."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections.models import Agency, AgencyKind, Area
from jtai.errors import DomainError
from jtai.reference_rows import reference_row_delete, reference_row_save
from tests.helpers import sign_in_verified
from tests.inspections import factories
from tests.inspections.test_admin import admin_form

pytestmark = pytest.mark.django_db


def _staff(*codenames: str):
    user = factories.UserFactory(username="reference-admin", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # without the cached permissions


def test_an_agency_is_added_with_its_areas_by_someone_who_may_add_agencies():
    north, south = factories.AreaFactory(name="Northshire"), factories.AreaFactory(name="Southshire")
    user = _staff("add_agency")

    agency = reference_row_save(
        user=user, row=Agency(name="Northshire Police", kind=AgencyKind.POLICE), many={"areas": [north, south]}
    )

    assert Agency.objects.get(pk=agency.pk).name == "Northshire Police"
    assert set(agency.areas.all()) == {north, south}


def test_someone_without_the_permission_changes_and_deletes_nothing():
    area = factories.AreaFactory(name="Northshire")
    user = _staff("add_area")  # may add, not change or delete

    area.name = "Renamed"
    with pytest.raises(PermissionDenied, match="change areas"):
        reference_row_save(user=user, row=area)
    with pytest.raises(PermissionDenied, match="delete areas"):
        reference_row_delete(user=user, row=area)

    assert Area.objects.get(pk=area.pk).name == "Northshire"


def test_a_row_that_does_not_validate_is_refused_naming_its_field():
    user = _staff("add_area")

    with pytest.raises(DomainError) as refused:
        reference_row_save(user=user, row=Area(name="Nowhere", ons_code="not a code"))

    assert refused.value.field == "ons_code"
    assert not Area.objects.filter(name="Nowhere").exists()


def test_the_admin_adds_an_agency_through_the_service(client, monkeypatch):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    area = factories.AreaFactory(name="Northshire")
    saved = []
    monkeypatch.setattr(
        "jtai.admin_services.reference_row_save",
        lambda **kwargs: saved.append(kwargs) or reference_row_save(**kwargs),
    )
    sign_in_verified(client, admin_user)
    url = reverse("admin:inspections_agency_add")
    data = admin_form(client, url)
    data.update({"name": ["Northshire Health"], "kind": [AgencyKind.HEALTH], "areas": [str(area.pk)]})

    response = client.post(url, data)

    assert response.status_code == 302
    assert [call["row"].name for call in saved] == ["Northshire Health"]
    assert list(Agency.objects.get(name="Northshire Health").areas.all()) == [area]
