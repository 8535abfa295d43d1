"""Page objects for the week on site: the evidence page, with and without a connection."""

from __future__ import annotations

import time

from tests.browser.pages import BasePage

_SHELL_KEPT = """async () => {
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if ((await cache.keys()).some((request) => request.url.endsWith('/fieldwork/shell'))) return true;
    }
    return false;
}"""


class EvidencePage(BasePage):
    def open(self, reference: str) -> EvidencePage:
        self.page.goto(f"{self.base_url}/inspections/{reference}/fieldwork/")
        return self

    def wait_until_kept_for_offline(self, timeout: float = 30) -> EvidencePage:
        """Until the service worker controls the page and has kept the page's shell.

        Polled from here: `wait_for_function` takes the promise an async check returns as a true
        value and returns at once, before the shell is kept."""
        self.page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(_SHELL_KEPT):
            assert time.monotonic() < deadline, f"the service worker did not keep the page's shell in {timeout} s"
            self.page.wait_for_timeout(200)
        return self

    def record(
        self, *, kind: str, day: int, time: str, scope_area: str, weight: str, text: str, year: int = 2016
    ) -> None:
        form = self.page.locator("#evidence-form")
        form.get_by_label(kind, exact=True).check()
        form.get_by_label("Day").fill(str(day))
        form.get_by_label("Month").fill("3")
        form.get_by_label("Year").fill(str(year))
        form.get_by_label("Time it happened").fill(time)
        form.get_by_label(scope_area).check()
        form.get_by_label(weight, exact=True).check()
        form.get_by_label("What you saw, heard or read").fill(text)
        form.get_by_role("button", name="Save the record").click()

    def status(self) -> str:
        return self.page.locator("[data-offline-status]").inner_text()

    def waiting(self) -> list[str]:
        """The text of each record listed as waiting to send."""
        rows = self.page.locator("[data-offline-list] li").filter(has_text="Waiting to send")
        return rows.locator(".jtai-offline__text").all_inner_texts()

    def not_accepted(self) -> list[str]:
        """The reason given for each record the service did not accept."""
        rows = self.page.locator("[data-offline-list] li").filter(has_text="Not accepted")
        return rows.locator(".govuk-error-message").all_inner_texts()
