"""The API's lists cost the same number of queries whatever the number of inspections."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import bearer
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def _queries(client, url, token) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **bearer(token)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/api/v1/inspections/", "/api/v1/changes/"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the feed reads what is committed
def test_a_list_runs_a_fixed_number_of_queries(client, tokens, url):
    factories.InspectionFactory()
    one = _queries(client, url, tokens["cqc"])
    for _ in range(4):
        factories.InspectionFactory(lead=factories.InspectorFactory(inspectorate=factories.inspectorate("cqc")))
    many = client.get(url, **bearer(tokens["cqc"])).json()
    assert len(many.get("items") or many.get("changes")) == 5
    assert _queries(client, url, tokens["cqc"]) == one
