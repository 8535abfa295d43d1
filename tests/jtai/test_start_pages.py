"""Each user starts where their work is, and is told plainly when a page is not for them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.inspections import factories

pytestmark = pytest.mark.django_db


def _analyst():
    user = factories.UserFactory(username="analyst")
    user.user_permissions.add(Permission.objects.get(codename="view_consultation"))
    return user


@pytest.mark.parametrize(
    "make, start",
    [
        (lambda: factories.InspectorFactory().user, "inspections:programme"),
        (_analyst, "consultations:index"),
        (lambda: factories.UserFactory(username="admin", is_staff=True, is_superuser=True), "admin:index"),
    ],
)
def test_the_start_page_is_where_each_users_work_is(client, make, start):
    client.force_login(make())
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(start)


def test_an_analyst_on_the_inspection_pages_is_told_they_are_for_inspectors_and_sent_home(client):
    client.force_login(_analyst())
    response = client.get(reverse("inspections:programme"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "The inspection pages are for inspectors and local areas" in page
    assert f'href="{reverse("home")}"' in page
    assert "no role" not in page.lower()


def test_someone_with_no_role_is_told_to_ask_for_one(client):
    client.force_login(factories.UserFactory(username="nobody"))
    response = client.get(reverse("inspections:programme"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Ask your inspectorate's administrator to give your account a role" in page
    assert "Go to your start page" not in page


@pytest.mark.parametrize(
    "page, current",
    [("inspections:plan", "Plan an inspection"), ("inspections:programme", "Your inspections")],
)
def test_one_navigation_item_at_most_is_the_current_page(client, page, current):
    import re

    client.force_login(factories.InspectorFactory().user)
    html = client.get(reverse(page)).content.decode()
    marked = re.findall(r'<a class="govuk-header__link" href="[^"]*" aria-current="page">([^<]*)</a>', html)
    assert marked == [current]
    assert html.count('aria-current="page"') == 1
