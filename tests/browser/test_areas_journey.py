"""A manager chooses an area for the programme from the list, reads its record and plans an
inspection of it, every page passing axe-core's WCAG 2.2 AA checks."""

import pytest

from inspections.demo import PASSWORD
from inspections.forms import example_onsite_start
from tests.browser.areas_pages import ChoosingPage
from tests.browser.axe import Audit
from tests.browser.pages import SignInPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_manager_chooses_an_area_from_the_list_and_plans_its_inspection(live_server, page, demo_inspections):
    audit = Audit(page, live_server.url)
    SignInPage(page, live_server.url).open().sign_in("manager", PASSWORD)
    page.get_by_role("link", name="Choose areas").click()
    choosing = ChoosingPage(page, live_server.url)
    audit.check("choosing")
    assert choosing.heading == "Choose areas to inspect"
    assert choosing.shown() == "7 areas"

    choosing.filter(region="North West", sort="Furthest worse than England: Re-referrals within 12 months")
    audit.check("filtered")
    assert sorted(choosing.areas()) == ["Liverpool", "Wirral"]
    assert choosing.shown() == "2 of 7 areas"

    area = choosing.open_area("Liverpool")
    audit.check("area")
    assert area.heading == "Liverpool"
    assert "2013 to 2014" in area.indicator_changes()
    assert "England" in area.indicator_changes()

    plan = area.plan_an_inspection()
    assert area.chosen_area() == "Liverpool"
    audit.check("plan, area chosen")
    plan.fill(
        area="Liverpool",
        chosen_because="Concern",
        kind="Joint targeted area inspection",
        theme="Child sexual exploitation and children missing from home, care or education",
        onsite_start=example_onsite_start(),
        lead="David Okafor (Ofsted)",
    ).preview()
    audit.check("preview")
    inspection = plan.plan()
    audit.check("planned")
    assert "Why this area was chosen" in page.locator("main").inner_text()
    assert page.locator("#chosen-because").inner_text() == "Concern"
    assert inspection.stage() == "Planned"
    audit.assert_clean()
