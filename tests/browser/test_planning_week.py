"""Planning in a real browser: the preview's summary is where the eye lands, and a double click
on "Plan inspection" plans one inspection."""

import datetime

import pytest

from inspections.models import Inspection
from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
THEME = "Child sexual exploitation and children missing from home, care or education"


@pytest.fixture
def plan(live_server, page):
    factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")
    factories.AreaFactory(name="Croydon")
    plan = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD).plan_an_inspection()
    return plan.fill(
        area="Croydon",
        kind="Joint targeted area inspection",
        theme=THEME,
        onsite_start=datetime.date(2016, 4, 11),
        lead="Helen Carter (Ofsted)",
    )


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= -1 && r.top < window.innerHeight && r.bottom > 0; }""",
        selector,
    )


def test_after_preview_the_summary_is_in_view_and_focused(plan, page):
    plan.preview()
    summary = page.locator("#preview-summary")
    assert "The DCS is notified on Thursday 24 March 2016 at 10am" in summary.inner_text()
    assert "Monday 11 April 2016 to Friday 15 April 2016" in summary.inner_text()
    assert "has already passed" in summary.inner_text()
    assert in_viewport(page, "#preview-summary")
    assert page.evaluate("document.activeElement.id") == "preview-summary"
    # Its link takes the user to the whole timeline.
    page.get_by_role("link", name="Check the whole timeline").click()
    assert in_viewport(page, "#preview")
    assert serious_violations(page) == []


def test_after_preview_without_javascript_the_summary_is_in_view(live_server, browser):
    factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")
    factories.AreaFactory(name="Croydon")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        plan = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD).plan_an_inspection()
        plan.fill(
            area="Croydon",
            kind="Joint targeted area inspection",
            theme=THEME,
            onsite_start=datetime.date(2016, 4, 11),
            lead="Helen Carter (Ofsted)",
        ).preview()
        assert plan.error_summary() == []
        assert page.url.endswith("#preview-summary")
        assert in_viewport(page, "#preview-summary")
    finally:
        context.close()


def test_a_double_click_on_plan_inspection_plans_one_inspection(plan, page):
    plan.preview()
    page.get_by_role("button", name="Plan inspection").dblclick()
    page.wait_for_url("**/inspections/JTAI-2016-*/")
    page.wait_for_load_state()
    assert Inspection.objects.count() == 1
    assert f"{Inspection.objects.get().reference} planned" in plan.banner()
