"""Junk the API is sent gets an answer a caller can act on, never a server error: a NUL byte
(which PostgreSQL refuses in text) in an address, a query or a bearer token."""

import pytest

from tests.api.helpers import bearer
from tests.inspections import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/inspections/JTAI%00/",
        "/api/v1/published/letters/JTAI-2016-001%00/",
        "/api/v1/consultations/a%00b/",
    ],
)
def test_a_nul_byte_in_an_address_is_not_found(client, tokens, url):
    assert client.get(url, **bearer(tokens["cqc"])).status_code == 404


def test_a_nul_byte_in_the_inspections_cursor_is_refused_naming_it(client, tokens):
    factories.InspectionFactory()
    response = client.get("/api/v1/inspections/?after=JTAI%00", **bearer(tokens["cqc"]))
    assert response.status_code == 422
    assert "after" in str(response.json()["detail"])


def test_a_nul_byte_in_a_bearer_tokens_prefix_is_unauthorised(client):
    assert client.get("/api/v1/programmes/", **bearer("jtai_\x00_secret")).status_code == 401


@pytest.mark.parametrize(
    "raw",
    [
        b"[99999999999999999999, 1, null]",  # past bigint: no transaction or row id is so large
        b"[1, 99999999999999999999, null]",
        b'[1, 1, "9999-12-31T23:59:59+14:00"]',
        b"[" * 5000 + b"]" * 5000,  # nested too deep to parse
    ],
)
def test_a_cursor_the_api_never_gave_is_refused_naming_it(client, tokens, raw):
    import base64

    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response = client.get(f"/api/v1/changes/?cursor={cursor}", **bearer(tokens["cqc"]))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["detail"].startswith("cursor:")
