"""Driving a page with the keyboard alone, as someone who cannot use a mouse does: Tab to move,
Enter or Space to act, keys to type. Every stop the focus makes must be visible."""

from __future__ import annotations

import contextlib

from playwright.sync_api import Page

# The focused element's look against an unfocused copy of it put beside it: a visible focus
# changes the outline or the box shadow (GOV.UK's yellow and black focus state does both).
FOCUS_LOOK = """el => {
  const look = e => {
    const s = getComputedStyle(e);
    return {
      outline: s.outlineStyle === 'none' || s.outlineColor === 'rgba(0, 0, 0, 0)' || s.outlineWidth === '0px'
        ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
      boxShadow: s.boxShadow,
    };
  };
  const copy = el.cloneNode(true);
  copy.removeAttribute('id');
  copy.removeAttribute('name');
  el.after(copy);
  const focused = look(el), unfocused = look(copy);
  copy.remove();
  return {focused, unfocused};
}"""

DESCRIBE = """el => {
  if (!el || el === document.body) return '(nothing)';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const text = (el.innerText || el.value || label || el.getAttribute('aria-label') || '').trim();
  return `${el.tagName.toLowerCase()} "${text.replace(/\\s+/g, ' ').slice(0, 60)}"${el.id ? ' #' + el.id : ''}`;
}"""


class Keyboard:
    def __init__(self, page: Page):
        self.page = page
        self.stops: list[str] = []

    def focused(self) -> str:
        return self.page.evaluate(f"({DESCRIBE})(document.activeElement)")

    def assert_focus_visible(self) -> None:
        look = self.page.evaluate(f"({FOCUS_LOOK})(document.activeElement)")
        focused, unfocused = look["focused"], look["unfocused"]
        visible = (focused["outline"] != "none" and focused["outline"] != unfocused["outline"]) or (
            focused["boxShadow"] not in ("none", unfocused["boxShadow"])
        )
        assert visible, f"no visible focus on {self.focused()}: {look}"

    def tab(self, *, shift: bool = False) -> str:
        self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        self.assert_focus_visible()
        where = self.focused()
        self.stops.append(where)
        return where

    def tab_to(self, selector: str, *, at_most: int = 60) -> None:
        """Press Tab until the focused element matches the CSS selector, checking each stop's focus."""
        for _ in range(at_most):
            self.tab()
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} not reached in {at_most} presses of Tab; stops: {self.stops[-at_most:]}")

    def tab_to_link(self, text: str, *, at_most: int = 60) -> None:
        self.tab_to_text("a", text, at_most=at_most)

    def tab_to_button(self, text: str, *, at_most: int = 60) -> None:
        self.tab_to_text("button, input[type=submit]", text, at_most=at_most)

    def tab_to_text(self, selector: str, text: str, *, at_most: int = 60) -> None:
        check = """([s, t]) => { const e = document.activeElement;
          return e.matches(s) && (e.innerText || e.value || '').trim() === t; }"""
        for _ in range(at_most):
            self.tab()
            if self.page.evaluate(check, [selector, text]):
                return
        raise AssertionError(f'{selector} "{text}" not reached in {at_most} Tabs; stops: {self.stops[-at_most:]}')

    def tab_to_field(self, label: str, *, at_most: int = 60) -> None:
        """Tab to the form field whose label (or legend, for a radio) starts with `label`."""
        check = """t => { const e = document.activeElement;
          const names = [...(e.labels || [])].map(l => l.innerText.trim());
          return names.some(n => n.startsWith(t)); }"""
        for _ in range(at_most):
            self.tab()
            if self.page.evaluate(check, label):
                return
        raise AssertionError(f'field "{label}" not reached in {at_most} presses of Tab; stops: {self.stops[-at_most:]}')

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def follow(self) -> None:
        """Enter on the focused link or button, then wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def skip_to_main_content(self, main: str = "main-content") -> None:
        """The first Tab on a page reaches the skip link; Enter on it puts the focus on the main
        content (`main`: its id; the Django admin's is "content-start")."""
        first = self.tab()
        assert first.startswith('a "Skip to main content"'), f"the first stop is {first}"
        self.press("Enter")
        # The focus moves when the browser has followed the link: on a loaded machine, a moment later.
        with contextlib.suppress(Exception):
            self.page.wait_for_function(
                "id => document.activeElement && document.activeElement.id === id", arg=main, timeout=5000
            )
        assert self.page.evaluate("document.activeElement.id") == main, f"the focus is on {self.focused()}"
