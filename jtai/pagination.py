"""The GOV.UK pagination component's links, for any page of a Django `Paginator`."""

from __future__ import annotations

from collections.abc import Callable


def govuk_pagination(page, url: Callable[[int], str]) -> dict | None:
    """First, last and the pages around this one, each linked by `url(number)`, with previous and
    next; None when everything fits on one page."""
    if not page.has_other_pages():
        return None
    paginator = page.paginator
    items = [
        {"ellipsis": True}
        if number == paginator.ELLIPSIS
        else {"number": number, "url": url(number), "current": number == page.number}
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return {
        "items": items,
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
    }
