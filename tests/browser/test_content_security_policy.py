"""With the Content Security Policy enforced, pages and the admin work as before: their scripts
run (GOV.UK Frontend, the import progress, the letter version's polling, the admin's widgets) and
the browser reports no violation in the console."""

import pytest
import time_machine
from django.core.cache import cache

from consultations.definition import consultation_load
from consultations.models import ResponseImport
from consultations.permissions import analysts_group
from inspections.reports import letters
from tests.browser.pages import SignInPage
from tests.factories import UserFactory
from tests.helpers import area_with_people, lead_of, london, plan_inspection, to_reporting, write_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def violations(page):
    """Every console message and page error about the Content Security Policy, as they come."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def assert_frontend_started(page):
    # js-enabled.js ran before the page was drawn, and govuk-init.js loaded GOV.UK Frontend.
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    page.wait_for_function("document.querySelector('[data-module=govuk-header]').dataset.govukHeaderInit === ''")


def test_the_team_pages_and_a_letter_version_waiting_for_its_pdf(live_server, page, violations):
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        inspection = to_reporting(plan_inspection(people=area_with_people()))
        lead = lead_of(inspection)
        write_letter(inspection, lead)
        version = letters.letter_render_request(user=lead, inspection=inspection)
    sign_in = SignInPage(page, live_server.url).open()
    assert_frontend_started(page)
    sign_in.sign_in(lead.username, PASSWORD)
    for path in (
        "/inspections/",
        f"/inspections/{inspection.reference}/",
        f"/inspections/{inspection.reference}/letter/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_frontend_started(page)

    page.goto(f"{live_server.url}/inspections/{inspection.reference}/letter/versions/{version.number}/")
    assert page.locator("#job-state").get_attribute("data-waiting") == "true"
    # The polling script fetches the page again after three seconds, allowed by connect-src 'self'.
    with page.expect_response(lambda response: response.url == page.url, timeout=10_000):
        pass
    assert violations == []

    # The listener does hear a violation: a style attribute added to the page is refused.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">Styled</p>')")
    assert len(violations) == 1


def test_the_import_progress_updates_in_place(live_server, page, violations):
    analyst = UserFactory(username="analyst")
    analyst.groups.add(analysts_group())
    consultation = consultation_load(
        data={
            "slug": "csp",
            "title": "CSP consultation",
            "channels": [{"code": "online", "label": "Online consultation"}],
            "sectors": ["Social care"],
            "questions": [{"code": "q1", "text": "Do you agree?", "type": "choice", "options": ["Yes", "No"]}],
        }
    )
    running = ResponseImport.objects.create(
        consultation=consultation, original_name="big.csv", size=1000, status="running", created_by=analyst
    )
    cache.set(f"consultations:import-progress:{running.pk}", {"rows": 5000, "bytes": 450})
    SignInPage(page, live_server.url).open().sign_in("analyst", PASSWORD)
    page.goto(f"{live_server.url}/consultations/csp/imports/{running.pk}/")
    assert_frontend_started(page)
    # The bar's width comes from a class in a static style sheet, not a style attribute.
    bar = page.locator(".jtai-progress__bar")
    track = page.locator(".jtai-progress")
    assert abs(bar.bounding_box()["width"] / track.bounding_box()["width"] - 0.45) < 0.02
    # import-status.js ran: it offers to pause the updates, then shows the next state in place.
    page.get_by_role("button", name="Pause updates").wait_for()
    cache.set(f"consultations:import-progress:{running.pk}", {"rows": 9000, "bytes": 800})
    page.get_by_text("9000 rows checked so far").wait_for(timeout=10_000)
    assert abs(bar.bounding_box()["width"] / track.bounding_box()["width"] - 0.80) < 0.02

    page.goto(f"{live_server.url}/consultations/csp/")
    assert_frontend_started(page)
    assert violations == []


def test_the_admin_works_under_the_policy(live_server, page, violations):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    # The admin's sign-in is the service's, second factor included.
    page.goto(f"{live_server.url}/admin/login/")
    SignInPage(page, live_server.url).sign_in("root", PASSWORD)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("heading", name="Site administration").wait_for()
    for path in ("/admin/inspections/inspection/", "/admin/inspections/inspection/add/", "/admin/auth/user/add/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    # The admin's own scripts ran: the many-to-many filter boxes are built by SelectFilter2.
    page.goto(f"{live_server.url}/admin/auth/group/add/")
    page.locator(".selector-available").first.wait_for()
    assert violations == []
