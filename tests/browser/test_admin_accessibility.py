"""The Django admin's index, list, add and change pages pass axe-core's serious and critical checks:
underlined breadcrumb links, 24px filter targets, named select2 comboboxes and filter-box icons
that may carry their label. And the service's Beta banner sits inside a landmark."""

import pytest

from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, load_axe, serious_violations
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [
    "/admin/",
    "/admin/inspections/",
    "/admin/inspections/inspection/",
    "/admin/inspections/area/",
    "/admin/inspections/person/",
    "/admin/inspections/person/add/",
    "/admin/inspections/inspector/add/",
    "/admin/inspections/agency/add/",
    "/admin/inspections/frameworkversion/add/",
    "/admin/inspections/theme/add/",
    "/admin/consultations/consultation/",
]


@pytest.fixture
def admin_page(live_server, page):
    factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    # The admin's sign-in is the service's, with both factors.
    page.goto(f"{live_server.url}/admin/login/")
    SignInPage(page, live_server.url).sign_in("admin", PASSWORD)
    assert page.url == f"{live_server.url}/admin/"
    return page


def test_the_admins_pages_have_no_serious_findings(live_server, admin_page):
    area = factories.AreaFactory(name="Croydon")
    pages = [*PAGES, f"/admin/inspections/area/{area.pk}/change/"]
    found = {}
    for path in pages:
        admin_page.goto(f"{live_server.url}{path}")
        admin_page.wait_for_load_state("load")
        admin_page.wait_for_timeout(100)  # the admin's widgets are built on load
        violations = serious_violations(admin_page)
        if violations:
            found[path] = violations
    assert found == {}


def test_the_beta_banner_is_inside_a_landmark(live_server, page):
    SignInPage(page, live_server.url).open()
    load_axe(page)
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['region']}})")
    assert [n["target"] for v in result["violations"] for n in v["nodes"]] == []
    assert page.locator(".govuk-phase-banner").get_attribute("role") == "region"
