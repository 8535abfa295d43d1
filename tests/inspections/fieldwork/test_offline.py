"""The evidence page offline, as the server serves it (docs/decisions/0011): a service worker and a
manifest whose scope is one inspection's fieldwork pages, for its team only, and a shell of the page
that holds none of the inspector's records. The browser's side is driven in
tests/browser/test_offline_journeys.py."""

import json

import pytest
from django.urls import reverse

from tests.helpers import sign_in_as
from tests.inspections import factories

from .helpers import payload

pytestmark = pytest.mark.django_db


def addresses(inspection) -> dict[str, str]:
    ref = inspection.reference
    return {
        "service worker": reverse("fieldwork_offline:service_worker", args=[ref]),
        "manifest": reverse("fieldwork_offline:manifest", args=[ref]),
        "shell": reverse("fieldwork_offline:shell", args=[ref]),
    }


def test_the_service_worker_controls_only_the_inspections_fieldwork_pages(client, on_site, lead):
    sign_in_as(client, lead)
    scope = f"/inspections/{on_site.reference}/fieldwork/"
    worker = client.get(addresses(on_site)["service worker"])
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert "no-store" in worker["Cache-Control"]
    # Served from the fieldwork folder: the browser limits its scope to that folder, so it never
    # sees another page, and no Service-Worker-Allowed header widens it.
    assert worker.request["PATH_INFO"].rsplit("/", 1)[0] + "/" == scope
    assert "Service-Worker-Allowed" not in worker
    manifest = client.get(addresses(on_site)["manifest"])
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert (body["scope"], body["start_url"], body["display"]) == (scope, scope, "standalone")
    assert {icon["sizes"] for icon in body["icons"]} == {"192x192", "512x512"}


def test_nobody_outside_the_team_learns_of_them(client, on_site):
    outsider = factories.InspectorFactory(user__username="outsider").user
    sign_in_as(client, outsider)
    for name, address in addresses(on_site).items():
        assert client.get(address).status_code == 404, name
    client.logout()
    for name, address in addresses(on_site).items():
        assert client.get(address).url.startswith(reverse("login")), name


def test_the_shell_is_the_evidence_form_without_the_inspectors_records(client, on_site, lead):
    sign_in_as(client, lead)
    sent = payload(on_site)
    client.post(
        reverse("fieldwork:sync", args=[on_site.reference]),
        data=json.dumps({"records": [sent]}),
        content_type="application/json",
    )
    evidence = client.get(reverse("fieldwork:records", args=[on_site.reference])).text
    assert f'data-record-id="{sent["id"]}"' in evidence
    assert f'<link rel="manifest" href="{addresses(on_site)["manifest"]}">' in evidence
    assert "fieldwork/evidence-offline.js" in evidence

    shell = client.get(addresses(on_site)["shell"])
    assert shell.status_code == 200
    assert "no-store" in shell["Cache-Control"]
    page = shell.text
    assert 'id="evidence-form"' in page and "data-offline-panel" in page
    assert sent["id"] not in page and 'id="my-records"' not in page
    assert "Records you have already sent are listed on this page when you are online." in page
