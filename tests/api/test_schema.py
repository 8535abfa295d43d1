"""The served schema is valid OpenAPI 3, lists every endpoint, and the reference page shows them."""

import re

import pytest
from django.urls import URLPattern, URLResolver
from openapi_spec_validator import validate

from api.v1 import api

pytestmark = pytest.mark.django_db


def _routes(patterns, prefix="") -> list[str]:
    found = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            found += _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            found.append(route)
    return found


def test_the_served_schema_is_openapi_3_and_holds_every_endpoint(client):
    answer = client.get("/api/v1/schema/")
    assert answer.status_code == 200
    schema = answer.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    served = {
        # The schema names each parameter without its path converter (<reference:reference> is {reference}).
        "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r)
        for r in _routes(api.urls[0])
        if r not in ("schema/", "")
    }
    assert served
    assert served == set(schema["paths"])


def test_token_endpoints_say_they_need_a_token_and_public_ones_do_not(client):
    paths = client.get("/api/v1/schema/").json()["paths"]
    for path, operations in paths.items():
        needs = bool(operations["get"].get("security"))
        assert needs is not (path.startswith("/api/v1/published/") or path.startswith("/api/v1/consultations/")), path
        if needs:
            assert "401" in operations["get"]["responses"], path


def test_the_reference_page_lists_every_endpoint(client):
    page = client.get("/api/v1/docs/").content.decode()
    for path in client.get("/api/v1/schema/").json()["paths"]:
        assert f"GET {path}" in page
