"""The API's reference page for people: every endpoint, what it answers and whether it needs a
token, read from the same OpenAPI schema that systems read. Server-rendered, no JavaScript."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .v1 import api

METHODS = ("get", "post", "put", "patch", "delete")


def endpoints(schema: dict) -> list[dict]:
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "needs_token": bool(operation.get("security")),
                    "parameters": [
                        {"name": p["name"], "in": p["in"], "required": p.get("required", False)}
                        for p in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


@require_safe
def reference(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return render(
        request,
        "api/reference.html",
        {"page_title": "JTAI API, version 1: reference", "schema": schema, "endpoints": endpoints(schema)},
    )
