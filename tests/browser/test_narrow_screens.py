"""At 320 pixels wide: the service name and the menu button do not overlap, the page does not scroll
sideways, and no word in a table or a summary list (messages, contacts, timeline, programme, the
letter's findings, the factual-accuracy comments) is broken mid-word; only e-mail addresses may break
anywhere. The team's inspection page puts its actions first and folds its list of messages."""

import datetime

import pytest

from inspections.reports import factual_accuracy, letters
from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.factories import UserFactory
from tests.helpers import area_with_people, lead_of, plan_inspection, to_reporting, write_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Each word of each cell in one line box; each cell's content within its width; the header's
# service name and menu button apart.
CHECK = """() => {
  const broken = [];
  const cells = document.querySelectorAll(
    '.govuk-table__cell, .govuk-table__header, .govuk-summary-list__value, .govuk-summary-list__key');
  for (const cell of cells) {
    if (getComputedStyle(cell).display === 'none' || cell.clientWidth <= 1) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const parent = node.parentElement;
      if (parent.closest('.jtai-email, .govuk-visually-hidden')) continue;
      if (getComputedStyle(parent).overflowWrap === 'anywhere') continue;
      const re = /[^\\s\\u2010-]+/g; let m;
      while ((m = re.exec(node.data))) {
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
    if (cell.scrollWidth > cell.clientWidth + 1) broken.push('OVERFLOW:' + cell.textContent.trim().slice(0, 30));
  }
  const name = document.querySelector('.govuk-header__service-name')?.getBoundingClientRect();
  const menu = document.querySelector('.govuk-header__menu-button');
  let overlap = false;
  if (name && menu && menu.offsetParent) {
    const m = menu.getBoundingClientRect();
    overlap = !(name.right <= m.left || m.right <= name.left || name.bottom <= m.top || m.bottom <= name.top);
  }
  return {scroll: document.documentElement.scrollWidth, broken, overlap};
}"""


def test_at_320_pixels_nothing_overlaps_and_no_word_is_broken(live_server, page):
    people = area_with_people(name="Barking and Dagenham")
    inspection = plan_inspection(people=people, onsite_start=datetime.date(2027, 3, 1))
    assert inspection.messages.count() > 10
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/inspections/", f"/inspections/{inspection.reference}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator(".govuk-header__menu-button").is_visible()
        result = page.evaluate(CHECK)
        assert result == {"scroll": 320, "broken": [], "overlap": False}, path
    # The team's page: the stage actions before the contacts, the contacts before the messages,
    # which are folded until asked for.
    top = lambda selector: page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")  # noqa: E731
    assert top("#change-stage") < top("#local-contacts") < top("#messages")
    assert not page.locator("#message-list").is_visible()
    page.locator("#message-details summary").click()
    assert page.locator("#message-list td").first.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.evaluate(CHECK)["broken"] == []
    assert serious_violations(page) == []


def test_at_320_pixels_the_letters_findings_and_the_factual_accuracy_comments_fit(live_server, page):
    people = area_with_people(name="Barking and Dagenham")
    inspection = to_reporting(plan_inspection(people=people, onsite_start=datetime.date(2027, 3, 1)))
    lead = lead_of(inspection)
    write_letter(inspection, lead)
    letters.letter_send_draft(user=lead, inspection=inspection)
    for person in (people.police, people.coordinator):
        person.user = UserFactory()
        person.save()
    comment = factual_accuracy.comment_add(
        user=people.police.user,
        inspection=inspection,
        paragraph=2,
        comment="The force's multi-agency safeguarding hub opened in September, not October.",
        proposed_correction="Replace “October” with “September”.",
    )
    factual_accuracy.factual_accuracy_respond(user=people.coordinator.user, inspection=inspection)
    factual_accuracy.comment_decide(user=lead, comment=comment, decision="accepted", reason="Checked: corrected.")
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    for path, table in (("letter/", "#finding-list"), ("letter/factual-accuracy/", "#comment-list")):
        page.goto(f"{live_server.url}/inspections/{inspection.reference}/{path}")
        assert page.evaluate(CHECK) == {"scroll": 320, "broken": [], "overlap": False}, path
        # Every column on screen, the last (the decision, the agencies) too.
        right = page.locator(f"{table} td").evaluate_all(
            "cells => Math.max(...cells.map(c => c.getBoundingClientRect().right))"
        )
        assert right <= 320, path
    assert page.get_by_text("Accepted", exact=True).is_visible()
