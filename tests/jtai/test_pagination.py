"""GOV.UK pagination: the first and last pages, this one and its neighbours, gaps as ellipses."""

from django.core.paginator import Paginator

from jtai.pagination import govuk_pagination


def url(number: int) -> str:
    return f"?page={number}"


def test_a_middle_page_links_the_ends_its_neighbours_and_both_directions():
    links = govuk_pagination(Paginator(range(100), 10).page(5), url)
    shown = [item.get("number", "…") for item in links["items"]]
    assert shown == [1, "…", 4, 5, 6, "…", 10]
    assert [item["url"] for item in links["items"] if "url" in item] == [url(n) for n in (1, 4, 5, 6, 10)]
    assert [item["number"] for item in links["items"] if item.get("current")] == [5]
    assert (links["previous"], links["next"]) == ("?page=4", "?page=6")


def test_the_first_and_last_pages_have_no_link_beyond_them():
    assert govuk_pagination(Paginator(range(30), 10).page(1), url)["previous"] is None
    assert govuk_pagination(Paginator(range(30), 10).page(3), url)["next"] is None


def test_everything_on_one_page_needs_no_pagination():
    assert govuk_pagination(Paginator(range(10), 10).page(1), url) is None
