"""Headless Chromium from Debian's `chromium` package, driven by Playwright; never a downloaded browser."""

import io
import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _private_media(private_media):
    return private_media


@pytest.fixture(scope="session")
def _demo_files(tmp_path_factory):
    return tmp_path_factory.mktemp("demo")


# The demo's rows, kept from the first test that loads it to the end of the session.
_demo_rows: dict[str, str] = {}


@pytest.fixture
def demo_inspections(settings, _demo_files, transactional_db) -> dict:
    """The demo (`load_demo`, as `make run` does): its inspections by area name.

    Loaded once per session. The first test to ask for it runs the loaders and keeps every row
    of the database; the database is emptied after each of these tests (they share it with the
    live server, so they cannot run in a transaction), and each later test gets the kept rows
    back, as `serialized_rollback` gives back the reference data. The demo's files (letters'
    PDFs) stay in a folder of the session's own."""
    from django.core.management import call_command
    from django.db import connection

    from inspections.models import Inspection

    settings.PRIVATE_MEDIA_ROOT = _demo_files / "private"
    settings.MEDIA_ROOT = _demo_files / "media"
    settings.DEMO_ACCOUNTS_FILE = _demo_files / "demo-accounts.txt"
    if "rows" in _demo_rows:
        connection.creation.deserialize_db_from_string(_demo_rows["rows"])
    else:
        call_command("load_demo", "--force", stdout=io.StringIO())
        _demo_rows["rows"] = connection.creation.serialize_db_to_string()
    return {i.area.name: i for i in Inspection.objects.select_related("area")}


@pytest.fixture
def browser(monkeypatch):
    """One browser per test, closed before the test's database is flushed.

    Playwright's sync API keeps an event loop running, so Django refuses database calls from
    the test unless DJANGO_ALLOW_ASYNC_UNSAFE is set; the test's calls are synchronous and
    safe, and the variable is set for this test only (a leak would fail `check --deploy` in
    the settings tests). With one Playwright for the whole session, the second browser test
    found the reference data gone: serialized rollback did not restore it, as Django's
    connections seen inside Playwright had lost the saved copy. One per test avoids that.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Connections the test opened while Playwright ran are its own; close them here or
        # PostgreSQL refuses to drop the test database at the end of the session.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
