"""The apps built on the core add their sections to its pages through the panel registry: the
core's templates name none of them, and what an app registers shows where and in the order asked."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from inspections import panels
from tests.helpers import lead_of, to_reporting

CORE_TEMPLATES = Path(panels.__file__).parent / "templates"
NESTED = ("notifications", "case_audits", "reports")


def test_the_core_templates_reach_no_nested_app():
    for template in CORE_TEMPLATES.rglob("*.html"):
        source = template.read_text()
        for app in NESTED:
            assert not re.search(rf"{{% (include|extends) \"{app}/", source), f"{template.name} includes {app}"
            assert not re.search(rf"{{% url '{app}:", source), f"{template.name} links to {app}"
        for library in ("notification_tags", "case_audit_tags"):
            assert not re.search(rf"{{% load [^%]*\b{library}\b", source), f"{template.name} loads {library}"


@pytest.fixture
def reporting_page(client, planned_inspection):
    inspection = to_reporting(planned_inspection)
    client.force_login(lead_of(inspection))
    url = reverse("inspections:detail", args=[inspection.reference])
    return lambda: client.get(url).content.decode()


def test_the_nested_apps_sections_appear_on_the_inspection_page_only_through_the_registry(reporting_page, monkeypatch):
    page = reporting_page()
    letter_row = (
        'Letter of findings</dt>\n  <dd class="govuk-summary-list__value"><a class="govuk-link" href="/inspections/'
    )
    assert letter_row in page
    assert "Add to calendar" in page
    # Where the apps asked: the messages section before the case audits'.
    assert page.index('id="meetings"') < page.index('id="messages"') < page.index('id="case-audits"')

    monkeypatch.setattr(panels, "_panels", [])
    bare = reporting_page()
    assert 'id="meetings"' in bare
    for gone in (letter_row, "Add to calendar", 'id="messages"', 'id="case-audits"'):
        assert gone not in bare
    # A meeting row without an action says so, as GOV.UK's summary list asks.
    assert "govuk-summary-list__row--no-actions" in bare


def test_a_panels_order_decides_its_place_among_the_others(reporting_page, monkeypatch):
    monkeypatch.setattr(panels, "_panels", [])
    panels.panel_register("inspection_sections", "notifications/_panel.html", order=30)
    panels.panel_register("inspection_sections", "case_audits/_panel.html", order=20)
    panels.panel_register("inspection_sections", "case_audits/_panel.html", order=20)
    page = reporting_page()
    assert page.count('id="case-audits"') == 1
    assert page.index('id="case-audits"') < page.index('id="messages"')


def test_a_panel_for_a_place_the_core_does_not_have_is_refused():
    with pytest.raises(ValueError, match="There is no place 'inspection_footer' for panels: the places are"):
        panels.panel_register("inspection_footer", "notifications/_panel.html")
