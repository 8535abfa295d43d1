"""Production start-up: what an operator sees with and without the required environment."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="jtai.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set. With DEBUG=0 the environment must provide SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="jtai.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_defaults_fail_the_deployment_checklist():
    # The development key and DEBUG=1 must never pass for production.
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


PRODUCTION = dict(
    DEBUG="0",
    SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
    ALLOWED_HOSTS="jtai.example.org",
    SECURE_SSL_REDIRECT="0",
)


def test_production_collects_static_files_and_serves_pages_with_them(tmp_path):
    # Every page names its CSS and JS through the manifest: a file the manifest lacks (a source
    # map the vendored CSS once named) would make every page answer 500.
    static_root = tmp_path / "static"
    collected = manage("collectstatic", "--noinput", "-v0", STATIC_ROOT=str(static_root), **PRODUCTION)
    assert collected.returncode == 0, collected.stderr
    page = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; r = Client().get('/sign-in/', HTTP_HOST='jtai.example.org', secure=True); "
        "print(r.status_code); print(r.content.decode())",
        STATIC_ROOT=str(static_root),
        **PRODUCTION,
    )
    assert page.returncode == 0, page.stderr
    status, html = page.stdout.split("\n", 1)
    assert status == "200"
    assert "govuk-frontend/govuk-frontend.min." in html and ".css" in html
    # The manifest's hashed name, not the plain one.
    assert "govuk-frontend.min.css" not in html
