import pytest

from tests.inspections import factories


@pytest.mark.django_db
def test_reference_data_exists_after_migrate():
    assert factories.framework("jtai-2016").notice_working_days == 9
    assert factories.framework("ofsted-targeted-2016").kind == "ofsted_only"
    assert factories.theme().framework_versions.count() == 2


def test_health_check(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_inspection_factory_stores_timeline(inspection):
    assert inspection.milestones.get(key="notification").date.isoformat() == "2016-02-22"
    assert inspection.team.get(is_lead=True)
