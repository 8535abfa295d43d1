import pytest

from tests.inspections import factories


@pytest.mark.django_db
def test_an_inspection_outside_your_reach_is_a_plain_gov_uk_not_found_page(client):
    inspection = factories.InspectionFactory()
    outsider = factories.InspectorFactory()
    client.force_login(outsider.user)
    response = client.get(f"/inspections/{inspection.reference}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "govuk-header" in body
    # Nothing about the inspection appears on the page.
    assert inspection.reference not in body
    assert inspection.area.name not in body


@pytest.mark.django_db
def test_a_refused_action_says_why(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.get("/consultations/")
    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()
