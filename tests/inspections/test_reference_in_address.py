"""An address whose inspection reference could name no inspection (a NUL byte, which PostgreSQL
refuses in text, or another control character) is not found, as a reference that never existed
is: for a manager, who sees every inspection, and on the public letter pages."""

import pytest

from tests.helpers import sign_in_as
from tests.inspections import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/inspections/{ref}%00/",
        "/inspections/{ref}%00/case-audits/",
        "/inspections/{ref}%00/letter/",
        "/inspections/{ref}%00/fieldwork/records/",
        "/inspections/{ref}%1F/team/",
        "/published/{ref}%00/",
    ],
)
def test_a_reference_with_a_control_character_is_not_found(client, url):
    inspection = factories.InspectionFactory()
    sign_in_as(client, factories.InspectorFactory(is_manager=True).user)
    assert client.get(url.format(ref=inspection.reference)).status_code == 404


def test_a_reference_with_no_control_character_is_still_found(client):
    inspection = factories.InspectionFactory()
    sign_in_as(client, factories.InspectorFactory(is_manager=True).user)
    assert client.get(f"/inspections/{inspection.reference}/").status_code == 200
