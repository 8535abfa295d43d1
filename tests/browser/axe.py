"""axe-core in the browser tests: one page's serious findings, and an audit that visits a journey's
pages and keeps every finding, so that one run reports them all.

axe-core is vendored in tests/browser/vendor so that nothing is downloaded at test time. Only
serious and critical violations fail a test: the moderate "region" finding on GOV.UK's phase
banner and back link, which GOV.UK Frontend's own template places outside any landmark, is
a known best-practice finding (alphagov/govuk-frontend#1604, #6460), not a WCAG failure.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


def load_axe(page: Page) -> None:
    # Evaluated by the test's own connection to the browser, which the page's Content Security
    # Policy does not govern; an added <script> tag would be refused as inline script.
    page.evaluate(AXE + "\n;undefined")


def serious_violations(page: Page) -> list[str]:
    """The page's serious and critical findings, each with its rule and the nodes it found."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        load_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


class Audit:
    """Runs axe-core on every page a journey shows and keeps the findings by address.

    A journey goes on past a page with findings, so that one run lists every page's; the test
    ends with `assert audit.findings == {}`.
    """

    def __init__(self, page: Page, base_url: str, *, settle_ms: int = 0):
        self.page = page
        self.settle_ms = settle_ms
        self.base_url = base_url
        self.findings: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def visit(self, path: str, *, status: int = 200) -> Page:
        """Open a page (a path on the site, or a full address), check its status, run axe-core."""
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        response = self.page.goto(url)
        assert response is not None and response.status == status, f"{url} answered {response and response.status}"
        self.check()
        return self.page

    def check(self, label: str = "") -> None:
        """Run axe-core on the page as it is now (after a submission, say)."""
        self.page.wait_for_load_state("load")
        if self.settle_ms:
            self.page.wait_for_timeout(self.settle_ms)
        address = self.page.url.removeprefix(self.base_url) + (f" ({label})" if label else "")
        self.checked.append(address)
        violations = serious_violations(self.page)
        if violations:
            self.findings[address] = violations

    def assert_clean(self) -> None:
        """Fail with every page's findings, one line each, or pass having checked every page."""
        report = "\n".join(f"{address}: {finding}" for address, found in self.findings.items() for finding in found)
        assert not self.findings, f"axe-core found serious or critical violations:\n{report}"

    def submit_empty(self, path: str, button: str, *, clear: bool = False) -> list[str]:
        """Open a form, send it as it is (`clear`: with its text boxes emptied), and check the
        GOV.UK error page it shows: the title says "Error:", the error summary has the focus and
        each of its links leads to a field on the page. Returns the summary's messages."""
        self.visit(path)
        if clear:
            for field in self.page.locator("#main-content textarea, #main-content input[type=text]").all():
                field.fill("")
        self.page.get_by_role("button", name=button, exact=True).first.click()
        self.page.wait_for_load_state("load")
        where = self.page.url.removeprefix(self.base_url)
        assert self.page.title().startswith("Error: "), f"{where}: the title does not say Error"
        summary = self.page.locator(".govuk-error-summary")
        assert summary.count() == 1, f"{where}: no error summary"
        assert summary.evaluate("s => s.contains(document.activeElement)"), f"{where}: the error summary has no focus"
        targets = self.page.locator(".govuk-error-summary__list a").evaluate_all(
            "links => links.map(a => [a.textContent.trim(), a.getAttribute('href'),"
            " !!document.getElementById(a.getAttribute('href').slice(1))])"
        )
        assert targets, f"{where}: the error summary lists no errors"
        missing = [(text, href) for text, href, found in targets if not found]
        assert missing == [], f"{where}: error summary links lead nowhere: {missing}"
        self.check(f"{button}, empty")
        return [text for text, _, _ in targets]
