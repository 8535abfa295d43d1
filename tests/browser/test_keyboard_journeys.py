"""One journey per role done with the keyboard alone (tests/browser/keyboard.py): Tab to move,
Enter or Space to act, keys to type; no clicks, no filling of fields. On each page the skip link is
the first stop and takes the focus to the main content, and every stop's focus is visible.

Signing in goes through the sign-in page object, which completes every step of signing in; the
journey starts on the page the user lands on.
"""

import pytest

from consultations.models import Consultation
from inspections.case_audits.models import AgencyEvaluation
from inspections.demo import PASSWORD
from tests.browser.keyboard import Keyboard
from tests.browser.pages import SignInPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_the_lead_inspector_records_where_the_meetings_are_held(live_server, page, demo_inspections):
    notified = demo_inspections["Rutland"]  # planned for this year: its meetings are still ahead
    SignInPage(page, live_server.url).open().sign_in("lead.inspector", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/inspections/")
    keys.skip_to_main_content()
    keys.tab_to_link(notified.reference)
    keys.follow()
    assert heading(page) == notified.reference

    keys.skip_to_main_content()
    keys.tab_to_field("Conference call")
    keys.type("Dial 0300 123 4567, PIN 2468")
    keys.tab_to_field("Set-up meeting")
    keys.type("Room 4, the Civic Centre")
    keys.tab_to_button("Save where the meetings are held")
    keys.follow()
    assert "is saved" in banner(page), page.locator(".govuk-error-summary").all_inner_texts()
    assert "0300 123 4567" in page.locator("#meetings ~ dl").first.inner_text()


def test_the_manager_filters_the_programme(live_server, page, demo_inspections):
    SignInPage(page, live_server.url).open().sign_in("manager", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/inspections/")
    keys.skip_to_main_content()
    planned = demo_inspections["Wirral"]  # on site, in the first programme
    keys.tab_to_field("Programme")
    # A closed select takes the arrow keys: the first programme comes after "All programmes".
    keys.press("ArrowDown")
    keys.tab_to_button("Show")
    keys.follow()
    assert "programme=" in page.url
    keys.skip_to_main_content()
    keys.tab_to_link(planned.reference)
    keys.follow()
    assert heading(page) == planned.reference


def test_the_coordinator_saves_an_agencys_evaluation_as_a_draft(live_server, page, demo_inspections):
    notified = demo_inspections["South Gloucestershire"]
    SignInPage(page, live_server.url).open().sign_in("coordinator", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/")
    keys.skip_to_main_content()
    keys.tab_to_link("The case-audit request and your return")
    keys.follow()
    assert heading(page) == "Case audits"
    evaluation = (
        # A draft one: a done evaluation offers "Save and keep it done" instead.
        AgencyEvaluation.objects.filter(case__request__inspection=notified)
        .exclude(status="done")
        .select_related("case", "agency")
        .order_by("case__reference", "agency__name")
        .first()
    )
    keys.skip_to_main_content()
    keys.tab_to_link(f"Case {evaluation.case.reference}")
    keys.follow()
    keys.skip_to_main_content()
    keys.tab_to_link(evaluation.agency.name)
    keys.follow()
    keys.skip_to_main_content()
    keys.tab_to("textarea")
    keys.type("Referred by the school the same day.")
    keys.tab_to_button("Save as draft")
    keys.follow()
    assert "saved as a draft" in banner(page)


def test_the_agency_contributor_opens_a_case_of_their_agency(live_server, page, demo_inspections):
    notified = demo_inspections["South Gloucestershire"]
    SignInPage(page, live_server.url).open().sign_in("police.leader", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/inspections/{notified.reference}/case-audits/")
    keys.skip_to_main_content()
    keys.tab_to(".govuk-task-list__link")
    keys.follow()
    assert heading(page).startswith("Case")


def test_the_analyst_adds_a_you_said_we_did_entry(live_server, page, demo_inspections):
    consultation = Consultation.objects.get()
    SignInPage(page, live_server.url).open().sign_in("analyst", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/consultations/")
    keys.skip_to_main_content()
    keys.tab_to_link(consultation.title)
    keys.follow()
    keys.skip_to_main_content()
    keys.tab_to_link("You said, we did")
    keys.follow()
    keys.skip_to_main_content()
    keys.tab_to_button("Add entry")
    keys.follow()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")


def test_the_public_reads_a_published_letter(live_server, page, demo_inspections):
    published = demo_inspections["Central Bedfordshire"]
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/published/")
    keys.skip_to_main_content()
    keys.tab_to_link(published.area.name)
    keys.follow()
    assert published.area.name in heading(page)


def test_the_admin_renames_an_area(live_server, page, demo_inspections):
    SignInPage(page, live_server.url).open().sign_in("admin", PASSWORD)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/admin/")
    keys.skip_to_main_content("content-start")
    keys.tab_to_link("Areas")
    keys.follow()
    keys.skip_to_main_content("content-start")
    keys.tab_to_link("Croydon")
    keys.follow()
    keys.skip_to_main_content("content-start")
    keys.tab_to_field("Name")
    keys.press("End")
    keys.type(" Council")
    keys.tab_to_button("Save")
    keys.follow()
    assert "Croydon Council" in page.locator(".messagelist").inner_text()
