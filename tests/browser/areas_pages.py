"""Page objects of the areas' records, in the words on the page."""

from __future__ import annotations

from tests.browser.pages import BasePage, PlanPage


class ChoosingPage(BasePage):
    def filter(self, *, region: str = "", uninspected: bool = False, sort: str = "") -> ChoosingPage:
        page = self.page
        if region:
            page.get_by_label("Region").select_option(label=region)
        if uninspected:
            page.get_by_label("Not inspected in the last").check()
        if sort:
            page.get_by_label("Sort by").select_option(label=sort)
        page.get_by_role("button", name="Apply").click()
        return self

    def areas(self) -> list[str]:
        return self.page.locator("#areas tbody th a:first-child").all_inner_texts()

    def shown(self) -> str:
        return self.page.locator("#shown").inner_text()

    def open_area(self, name: str) -> AreaPage:
        self.page.get_by_role("link", name=name, exact=True).click()
        return AreaPage(self.page, self.base_url)


class AreaPage(BasePage):
    def indicator_changes(self) -> str:
        return self.page.locator("#indicators ~ table").first.inner_text()

    def plan_an_inspection(self) -> PlanPage:
        self.page.get_by_role("link", name="Plan an inspection of").click()
        return PlanPage(self.page, self.base_url)

    def chosen_area(self) -> str:
        return self.page.locator("#id_area option:checked").inner_text()
