"""At 320 pixels wide: the service name and the menu button do not overlap, the page does not scroll
sideways, and no word in a table or a summary list (messages, contacts, timeline, programme) is
broken mid-word; only e-mail addresses may break anywhere."""

import datetime

import pytest

from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.helpers import area_with_people, plan_inspection

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
    assert page.locator("#message-list td").first.evaluate("e => getComputedStyle(e).display") == "block"
    assert serious_violations(page) == []
