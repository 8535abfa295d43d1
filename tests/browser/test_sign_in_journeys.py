"""Two-factor set-up and sign-in in a real browser, and the "you'll be signed out soon" dialog."""

import pytest

from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lead_inspector():
    return factories.InspectorFactory(user__username="lead", user__first_name="Helen", user__last_name="Carter")


def test_setting_up_and_then_giving_a_second_factor_pass_axe(live_server, page, lead_inspector):
    sign_in = SignInPage(page, live_server.url).open()
    page.get_by_label("User name").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up two-factor authentication").wait_for()
    assert page.locator(".jtai-qr-code svg").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Continue").click()
    assert sign_in.error_summary() == ["Enter the security code from your app"]
    assert serious_violations(page) == []

    page.context.clear_cookies()
    programme = SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    assert programme.page.url == f"{live_server.url}/inspections/"


def test_the_warning_dialog_keeps_the_session_going_or_signs_out(live_server, page, lead_inspector, settings):
    settings.SESSION_IDLE_TIMEOUT = 20
    settings.SESSION_IDLE_WARNING = 15
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(timeout=15_000)
    assert serious_violations(page) == []
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")

    # Left alone, the dialog comes back and the page ends on "You have been signed out".
    page.get_by_role("heading", name="You have been signed out").wait_for(timeout=40_000)
    assert "/signed-out/?next=" in page.url
