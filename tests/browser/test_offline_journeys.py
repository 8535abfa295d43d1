"""Recording evidence with no connection, in Chromium (docs/decisions/0011).

The network is switched off and on with Chromium's network emulation (`set_offline` sends the
DevTools protocol's `Network.emulateNetworkConditions` to the page and to its service worker), so the
browser behaves as on a site with no Wi-Fi: requests fail, `navigator.onLine` is false, and `online`
fires when it returns."""

import pytest
import time_machine
from playwright.sync_api import expect

from inspections.fieldwork.models import EvidenceRecord
from inspections.services.stages import inspection_transition
from tests.browser.fieldwork_pages import EvidencePage
from tests.browser.pages import SignInPage
from tests.helpers import area_with_people, lead_of, london, plan_inspection
from tests.inspections import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.offline,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
FRONT_DOOR = "The multi-agency response at the point of identification and referral"
SYNC = "**/fieldwork/sync/"


@pytest.fixture
def on_site(transactional_db):
    """An inspection on site, led by "lead" with "cqc" on the team."""
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False) as traveller:
        cqc = factories.InspectorFactory(user__username="cqc", inspectorate=factories.inspectorate("cqc"))
        inspection = plan_inspection(people=area_with_people(), team=[cqc])
        inspection = inspection_transition(user=None, inspection=inspection, name="notify")
        traveller.move_to(london(2016, 3, 7, 9, 0))
        return inspection_transition(user=lead_of(inspection), inspection=inspection, name="start_fieldwork")


def record(evidence: EvidencePage, text: str, year: int = 2016) -> None:
    evidence.record(
        kind="Observation",
        day=8,
        time="14:30",
        scope_area=FRONT_DOOR,
        weight="Area for improvement",
        text=text,
        year=year,
    )
    evidence.page.get_by_text("Saved in this browser: waiting to send.").wait_for()
    # The words stay from the record before: the form, emptied once this one is kept, says it is.
    expect(evidence.page.get_by_label("What you saw, heard or read")).to_have_value("")


def test_three_records_made_offline_wait_through_a_reload_and_go_when_the_network_returns(live_server, page, on_site):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    evidence = EvidencePage(page, live_server.url).open(on_site.reference).wait_until_kept_for_offline()

    page.context.set_offline(True)
    texts = ["The front door screened the referral within the hour.", "No strategy discussion.", "Police attended."]
    for text in texts:
        record(evidence, text)
    page.reload()
    # The page came from the browser's copy, which holds none of the inspector's records.
    assert page.locator("#offline-shell").is_visible()
    page.locator("[data-offline-list] li").nth(2).wait_for()
    assert evidence.waiting() == texts
    assert not EvidenceRecord.objects.exists()

    page.context.set_offline(False)
    # Sent on the browser's `online` event; a loaded machine may take a while to answer.
    page.get_by_text("3 records sent.").wait_for(timeout=30_000)
    stored = EvidenceRecord.objects.filter(inspection=on_site)
    assert sorted(stored.values_list("text", flat=True)) == sorted(texts)
    assert {r.author.username for r in stored} == {"lead"}
    assert evidence.waiting() == []
    # Sent records leave the browser: its store is empty once the server has them.
    assert page.evaluate("async () => (await indexedDB.databases()).length") in (0, 1)
    page.goto(f"{live_server.url}/inspections/{on_site.reference}/fieldwork/")
    assert page.locator("#my-records [data-record-id]").count() == 3

    # A record the service refuses stays in the browser with the reason, until the inspector removes it.
    page.context.set_offline(True)
    record(evidence, "Dated in the future by mistake.", year=2099)
    page.context.set_offline(False)
    page.get_by_text("1 record not accepted: see the reasons below.").wait_for(timeout=30_000)
    assert evidence.not_accepted() == [
        "The service did not accept it: occurred_at: When it happened must be in the past"
    ]
    page.get_by_role("button", name="Remove from this browser").click()
    page.get_by_text("No records are waiting in this browser.").wait_for()
    assert EvidenceRecord.objects.count() == 3
    assert violations == []


def test_a_record_waiting_warns_at_sign_out_stays_hidden_from_the_next_user_and_goes_with_its_own(
    live_server, page, on_site
):
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    evidence = EvidencePage(page, live_server.url).open(on_site.reference).wait_until_kept_for_offline()
    page.context.set_offline(True)
    record(evidence, "A child told us about their social worker.")
    # Back on a guest Wi-Fi that carries nothing to the service: the record cannot go yet.
    page.context.route(SYNC, lambda route: route.abort())
    page.context.set_offline(False)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign out").wait_for()
    page.get_by_text("1 record has not been sent yet.").wait_for()
    page.locator("#main-content").get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()
    page.context.unroute(SYNC)

    SignInPage(page, live_server.url).open().sign_in("cqc", PASSWORD)
    EvidencePage(page, live_server.url).open(on_site.reference)
    page.get_by_text("No records are waiting in this browser.").wait_for()
    assert page.get_by_text("A child told us").count() == 0
    # The other user's script ran and sent nothing of the first user's.
    page.evaluate("() => new Promise((resolve) => document.addEventListener('jtai:queue-sent', resolve))")
    assert not EvidenceRecord.objects.exists()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out").wait_for()

    # The same user signs in again on this browser: the record goes, with no action.
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    for _ in range(150):
        if EvidenceRecord.objects.exists():
            break
        page.wait_for_timeout(200)
    assert list(EvidenceRecord.objects.values_list("text", "author__username")) == [
        ("A child told us about their social worker.", "lead")
    ]
