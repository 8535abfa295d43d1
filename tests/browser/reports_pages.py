"""Page objects of the letter of findings and the public pages, in the words on the page."""

from __future__ import annotations

from tests.browser.pages import BasePage


class LetterPage(BasePage):
    def open(self, reference: str) -> LetterPage:
        self.page.goto(f"{self.base_url}/inspections/{reference}/letter/")
        return self

    def status(self) -> str:
        return self.page.locator("#letter-status").inner_text()

    def read_the_draft(self) -> DraftPage:
        self.page.get_by_role("link", name="Read the draft letter").click()
        return DraftPage(self.page, self.base_url)

    def factual_accuracy(self) -> CommentsPage:
        self.page.get_by_role("link", name="Factual-accuracy check").click()
        return CommentsPage(self.page, self.base_url)


class DraftPage(BasePage):
    def paragraph(self, number: int) -> str:
        return self.page.locator(f"#paragraph-{number}").inner_text()

    def back(self) -> LetterPage:
        self.page.get_by_role("link", name="Back to the letter of findings").click()
        return LetterPage(self.page, self.base_url)


class CommentsPage(BasePage):
    def add_comment(self, *, paragraph: int | str, comment: str, correction: str = "") -> CommentsPage:
        self.page.get_by_label("Paragraph number").fill(str(paragraph))
        self.page.get_by_label("Comment", exact=True).fill(comment)
        if correction:
            self.page.get_by_label("Proposed correction (optional)").fill(correction)
        self.page.get_by_role("button", name="Save the comment").click()
        return self

    def comments(self) -> list[str]:
        return self.page.locator("#comments ~ table tbody tr").all_inner_texts()

    def submit_response(self, *, confirm: bool = True) -> CommentsPage:
        if confirm:
            self.page.get_by_label("I am submitting the partnership's single response").check()
        self.page.get_by_role("button", name="Submit the response").click()
        return self

    def response(self) -> str:
        return self.page.locator("#response").inner_text()


class PublishedPage(BasePage):
    def open(self) -> PublishedPage:
        self.page.goto(f"{self.base_url}/published/")
        return self

    def open_letter(self, area: str) -> PublishedLetterPage:
        self.page.get_by_role("link", name=area).click()
        return PublishedLetterPage(self.page, self.base_url)


class PublishedLetterPage(BasePage):
    def pdf_link(self):
        return self.page.get_by_role("link", name="Letter of findings:")
