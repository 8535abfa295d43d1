"""Key pages pass axe-core's WCAG 2.2 AA checks (tests/browser/axe.py), reflow at 320px and work
without JavaScript."""

import io

import pytest

from tests.browser.axe import AXE, TAGS, serious_violations  # noqa: F401  (other browser tests import them here)
from tests.browser.pages import SignInPage
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def lead_inspector():
    return factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")


def test_sign_in_with_and_without_errors(live_server, page):
    sign_in = SignInPage(page, live_server.url).open()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    assert sign_in.error_summary() == ["Enter your user name or email address", "Enter your password"]
    assert page.title().startswith("Error: ")
    assert serious_violations(page) == []


def test_programme_inspection_and_plan_with_errors(live_server, page, lead_inspector):
    inspection = factories.InspectionFactory(reference="JTAI-2016-007", area__name="Croydon", lead=lead_inspector)
    programme = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    assert programme.references() == ["JTAI-2016-007"]
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/inspections/{inspection.reference}/")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/inspections/")
    plan = programme.plan_an_inspection()
    plan.preview()
    assert "Choose the local area" in " ".join(plan.error_summary())
    assert serious_violations(page) == []


def test_the_public_consultation_report(live_server, page):
    from consultations import demo

    demo.load(io.StringIO())
    page.goto(f"{live_server.url}/consultations/jtai-2015/report/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Joint Targeted Area Inspections")
    assert serious_violations(page) == []


def test_pages_reflow_to_320_pixels_without_scrolling_sideways(live_server, page, lead_inspector):
    factories.InspectionFactory(reference="JTAI-2016-007", area__name="Croydon", lead=lead_inspector)
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/inspections/", "/inspections/JTAI-2016-007/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_the_header_sign_out_button_is_readable_when_focused(live_server, page, lead_inspector):
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    sign_out = page.get_by_role("button", name="Sign out")
    page.keyboard.press("Tab")
    sign_out.focus()
    # GOV.UK's focus state: black text on yellow, never the header's white on yellow.
    assert sign_out.evaluate("e => getComputedStyle(e).color") == "rgb(11, 12, 12)"
    assert sign_out.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 221, 0)"


def test_planning_shows_its_errors_without_javascript(live_server, browser, lead_inspector):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        plan = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD).plan_an_inspection()
        plan.preview()
        assert page.title().startswith("Error: ")
        assert "Choose the local area" in " ".join(plan.error_summary())
    finally:
        context.close()
