"""The demo prints a token for one demo system, and the README's curl works with it."""

import io

import pytest

from api import demo
from api.models import SystemToken
from tests.api.helpers import bearer

pytestmark = pytest.mark.django_db


def test_the_demo_token_reads_the_api_as_cqc_and_loading_twice_changes_nothing(client):
    printed = io.StringIO()
    demo.load(printed)
    demo.load(io.StringIO())
    assert SystemToken.objects.get().inspectorate.code == "cqc"
    assert demo.DEMO_TOKEN in printed.getvalue()
    assert client.get("/api/v1/inspections/", **bearer(demo.DEMO_TOKEN)).status_code == 200
