"""Every kind of response carries the security headers: the Content Security Policy (no inline
script or style), frame-ancestors 'none', Referrer-Policy, Permissions-Policy, nosniff and DENY;
in production, HSTS too."""

import pytest
from django.urls import reverse

from consultations.definition import consultation_load
from consultations.permissions import analysts_group
from tests.factories import UserFactory
from tests.helpers import lead_of, sign_in_as
from tests.jtai.test_settings import PRODUCTION, manage

CONSULTATION = {
    "slug": "headers",
    "title": "Headers consultation",
    "channels": [{"code": "online", "label": "Online consultation"}],
    "sectors": ["Social care"],
    "questions": [{"code": "q1", "text": "Do you agree?", "type": "choice", "options": ["Yes", "No"]}],
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_secure_headers(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert directive in csp and "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    # Only the service's own service worker (the evidence pages', docs/decisions/0011) may run.
    assert csp["worker-src"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    permissions = {p.strip() for p in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= permissions
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_every_kind_of_page_and_file_carries_the_security_headers(client, published, subtests):
    ref = published.reference
    lead = lead_of(published)
    analyst = UserFactory(username="analyst")
    analyst.groups.add(analysts_group())
    consultation = consultation_load(data=CONSULTATION)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    version = published.letter.versions.order_by("number").first()
    version_url = reverse("reports:version", args=[ref, version.number])

    # (what the page is, who asks, the address, the status and content type a user gets)
    pages = [
        ("sign-in page", None, reverse("login"), 200, "text/html"),
        ("home, signed out (the public front door)", None, reverse("home"), 200, "text/html"),
        ("programme", lead, reverse("inspections:programme"), 200, "text/html"),
        ("inspection", lead, reverse("inspections:detail", args=[ref]), 200, "text/html"),
        ("case audits", lead, reverse("case_audits:overview", args=[ref]), 200, "text/html"),
        ("letter of findings", lead, reverse("reports:letter", args=[ref]), 200, "text/html"),
        ("letter version", lead, version_url, 200, "text/html"),
        ("letter version PDF", lead, version_url + "pdf/", 200, "application/pdf"),
        ("published letter", None, f"/published/{ref}/", 200, "text/html"),
        ("published letter PDF", None, f"/published/{ref}/letter.pdf", 200, "application/pdf"),
        ("consultation", analyst, reverse("consultations:overview", args=[consultation.slug]), 200, "text/html"),
        ("tables download", analyst, reverse("consultations:tables_csv", args=[consultation.slug]), 200, "text/csv"),
        (
            "calendar file",
            lead,
            reverse("notifications:meeting_calendar", args=[ref, "conference_call"]),
            200,
            "text/calendar",
        ),
        ("health check (JSON)", None, reverse("healthz"), 200, "application/json"),
        ("admin", admin, reverse("admin:inspections_inspection_changelist"), 200, "text/html"),
        ("not found", lead, "/inspections/JTAI-NEVER/", 404, "text/html"),
    ]
    for name, user, url, status, content_type in pages:
        with subtests.test(name):
            if user is None:
                client.logout()
            else:
                sign_in_as(client, user)
            response = client.get(url)
            assert response.status_code == status, url
            assert response["Content-Type"].startswith(content_type), response["Content-Type"]
            assert_secure_headers(response)


def test_no_page_template_has_inline_script_or_style(published, client):
    # The policy would block them: a page that still had one would lose its script or style.
    client.force_login(lead_of(published))
    html = client.get(reverse("inspections:detail", args=[published.reference])).content.decode()
    assert 'src="/static/jtai/js-enabled.js"' in html and 'src="/static/jtai/govuk-init.js"' in html
    for page in (html, client.get(f"/published/{published.reference}/").content.decode()):
        assert "<style" not in page and 'style="' not in page
        assert "<script>" not in page and '<script type="module">' not in page


@pytest.mark.slow
def test_production_adds_hsts_to_the_same_headers():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; r = Client().get('/healthz', HTTP_HOST='jtai.example.org', secure=True); "
        "print(r.status_code); [print(f'{k}: {v}') for k, v in r.headers.items()]",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    status, *lines = result.stdout.strip().splitlines()
    headers = dict(line.split(": ", 1) for line in lines)
    assert status == "200"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in headers["Permissions-Policy"]
