"""The lead inspector plans an inspection in a real browser, from sign-in to its page."""

import datetime
import re

import pytest

from tests.browser.pages import SignInPage
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


def test_lead_inspector_plans_an_inspection_over_easter(live_server, page):
    lead = factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")
    factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    factories.AreaFactory(name="Croydon", ons_code="E09000008")

    programme = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    assert programme.heading == "Your inspections"
    assert programme.references() == []

    plan = programme.plan_an_inspection()
    assert plan.heading == "Plan an inspection"
    plan.fill(
        area="Croydon",
        kind="Joint targeted area inspection",
        theme="Child sexual exploitation and children missing from home, care or education",
        onsite_start=datetime.date(2016, 4, 11),
        lead="Helen Carter (Ofsted)",
        team=["Priya Nair (CQC)"],
    ).preview()

    # Good Friday and Easter Monday lie in the notice: the notification moves back, the arrival stays.
    assert plan.milestone_date("notification") == "Thursday 24 March 2016"
    assert plan.milestone_date("onsite_start") == "Monday 11 April 2016"
    assert "Friday 25 March 2016: Good Friday" in plan.holidays_in_notice()
    assert "Monday 28 March 2016: Easter Monday" in plan.holidays_in_notice()
    assert any("Thursday 24 March 2016, has already passed" in w for w in plan.warnings())

    inspection = plan.plan()
    reference = lead.memberships.get().inspection.reference
    assert re.fullmatch(r"JTAI-2016-\d{3}", reference)
    assert inspection.heading == reference
    assert f"{reference} planned" in inspection.banner()
    assert inspection.notification() == "Due Thursday 24 March 2016 at 10am"
    assert inspection.stage() == "Planned"
    assert inspection.team() == ["Helen Carter, Ofsted Lead inspector", "Priya Nair, CQC"]


def test_a_weekend_start_is_refused_in_the_browser(live_server, page):
    factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")
    factories.InspectorFactory(is_manager=True, user__first_name="Morgan", user__last_name="Manager")
    factories.AreaFactory(name="Croydon")
    plan = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD).plan_an_inspection()
    plan.fill(
        area="Croydon",
        chosen_because="Concern",
        proportionality=("The concern is the council's alone", "Morgan Manager (Ofsted)"),
        kind="Ofsted-only targeted inspection",
        theme="Child sexual exploitation and children missing from home, care or education",
        onsite_start=datetime.date(2016, 3, 5),
        lead="Helen Carter (Ofsted)",
        concern="Return-home interviews are not done",
    ).preview()
    assert plan.error_summary() == [
        "The first day on site Saturday 5 March 2016 is not a working day (a weekend). Choose a working day"
    ]
    # The error summary link takes the user to the day input.
    page.get_by_role("link", name="The first day on site Saturday 5 March 2016").click()
    assert page.evaluate("document.activeElement.id") == "id_onsite_start_0"
