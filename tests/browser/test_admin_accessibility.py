"""The Django admin's index, list, add and change pages pass axe-core's serious and critical checks:
underlined breadcrumb links, 24px filter targets, named select2 comboboxes and filter-box icons
that may carry their label. And the service's Beta banner sits inside a landmark."""

import io

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.browser.axe import Audit, load_axe, serious_violations
from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD
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


def test_every_models_list_and_change_pages_have_no_serious_findings(live_server, admin_page):
    """Each model the admin shows: its list, and the change page of its first object (the custom
    pages for inspections, framework versions and consultations among them)."""
    from consultations import demo

    demo.load(io.StringIO())
    inspection = factories.InspectionFactory(area__name="Croydon")
    factories.PersonFactory(area=inspection.area)
    audit = Audit(admin_page, live_server.url, settle_ms=100)  # the admin's widgets are built on load
    audit.visit("/admin/")
    for model in admin.site._registry:
        opts = model._meta
        audit.visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            audit.visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    assert len(audit.checked) > len(admin.site._registry)
    audit.assert_clean()
