"""Page objects: what a user can do on each page, in the words on the page."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page


class BasePage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    @property
    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def error_summary(self) -> list[str]:
        return self.page.locator(".govuk-error-summary__list a").all_inner_texts()

    def banner(self) -> str:
        return self.page.locator(".govuk-notification-banner").inner_text()


class SignInPage(BasePage):
    def open(self) -> SignInPage:
        self.page.goto(f"{self.base_url}/sign-in/")
        return self

    def sign_in(self, username: str, password: str) -> ProgrammePage:
        """Sign in as a user would, second factor included: a user who must give one and has no app yet
        sets one up with the key the page shows (and moves on from the backup codes); one who has an app
        gives its current code."""
        page = self.page
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if page.url.split("?")[0].endswith("/sign-in/set-up/"):
            self._enter_code("Enter the code from your app", _code(key=page.locator("#totp-key").inner_text()))
            with page.expect_navigation():
                page.get_by_role("button", name="Continue").click()
        elif page.url.split("?")[0].endswith("/sign-in/code/"):
            self._enter_code("Enter your security code", _code(username=username))
        return ProgrammePage(self.page, self.base_url)

    def _enter_code(self, label: str, code: str) -> None:
        self.page.get_by_label(label).fill(code)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Continue").click()


def _code(*, key: str | None = None, username: str | None = None) -> str:
    """The code an authenticator app would show now, from the key on the set-up page or the user's app."""
    import time
    from base64 import b32decode

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if key is not None:
        secret, step, digits = b32decode(key.replace(" ", "")), 30, 6
    else:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        # Signing in twice within one 30-second step would reuse a code, which the sign-in rightly refuses.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
        secret, step, digits = device.bin_key, device.step, device.digits
    totp = TOTP(secret, step, 0, digits, 0)
    totp.time = time.time()
    return f"{totp.token():0{digits}d}"


class ProgrammePage(BasePage):
    def references(self) -> list[str]:
        return self.page.locator("tr[data-reference]").evaluate_all("rows => rows.map(r => r.dataset.reference)")

    def plan_an_inspection(self) -> PlanPage:
        self.page.get_by_role("button", name="Plan an inspection").click()
        return PlanPage(self.page, self.base_url)


class PlanPage(BasePage):
    def fill(
        self,
        *,
        area: str,
        kind: str,
        theme: str,
        onsite_start: datetime.date,
        lead: str,
        team: list[str] = (),
        concern: str = "",
        chosen_because: str = "Rotation: not inspected for some time",
        proportionality: tuple[str, str] | None = None,
    ) -> PlanPage:
        page = self.page
        page.get_by_label("Local area").select_option(label=area)
        page.get_by_role("radio", name=chosen_because).check()
        page.get_by_role("radio", name=kind).check()
        if concern:  # revealed under "Ofsted-only"
            page.get_by_label("The concern that prompted the inspection").fill(concern)
        if proportionality:  # why not a full inspection, and the manager who decided
            page.get_by_label("Why not a full inspection of the local authority").fill(proportionality[0])
            page.get_by_label("Who made the proportionality decision").select_option(label=proportionality[1])
        page.get_by_role("radio", name=theme).check()
        page.get_by_label("Day").fill(str(onsite_start.day))
        page.get_by_label("Month").fill(str(onsite_start.month))
        page.get_by_label("Year").fill(str(onsite_start.year))
        page.get_by_label("Lead inspector").select_option(label=lead)
        for name in team:
            page.get_by_role("checkbox", name=name).check()
        return self

    def preview(self) -> PlanPage:
        self.page.get_by_role("button", name="Preview timeline").click()
        return self

    def milestone_date(self, key: str) -> str:
        return self.page.locator(f'tr[data-milestone="{key}"] td').first.inner_text()

    def warnings(self) -> list[str]:
        return [t.replace("Warning", "", 1).strip() for t in self.page.locator(".govuk-warning-text").all_inner_texts()]

    def holidays_in_notice(self) -> str:
        return self.page.locator("#holidays-in-notice").inner_text()

    def plan(self) -> InspectionPage:
        self.page.get_by_role("button", name="Plan inspection").click()
        return InspectionPage(self.page, self.base_url)


class InspectionPage(BasePage):
    def notification(self) -> str:
        return self.page.locator("#notification").inner_text()

    def stage(self) -> str:
        return self.page.locator("#stage").inner_text()

    def milestone_date(self, key: str) -> str:
        return self.page.locator(f'tr[data-milestone="{key}"] td').first.inner_text()

    def team(self) -> list[str]:
        return self.page.locator("#team + ul li").all_inner_texts()
