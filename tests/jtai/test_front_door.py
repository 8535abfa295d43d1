"""The public front door: the start page for the public, the footer's pages, and signing out."""

import pytest
from django.urls import reverse

from tests.inspections import factories

pytestmark = pytest.mark.django_db


def test_the_start_page_shows_the_public_the_published_letters_and_reports_and_the_way_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{reverse("published:index")}">Published letters and thematic reports<' in response.text
    assert f'href="{reverse("login")}"' in response.text


def test_a_signed_in_user_is_still_sent_to_their_work(client):
    client.force_login(factories.UserFactory(username="someone"))
    # No role yet: the page that says so, not the public's.
    assert "You have no role in this service yet" in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("accessibility", "Accessibility statement for Joint targeted area inspections"),
        ("privacy", "Privacy notice"),
        ("contact", "Contact us"),
    ],
)
def test_every_page_links_to_the_footer_pages(client, name, heading):
    page = client.get(reverse("published:index")).text
    assert f'class="govuk-footer__link" href="{reverse(name)}"' in page
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in client.get(reverse(name)).text


def test_the_accessibility_statement_says_how_to_report_a_problem_and_who_enforces(client, settings):
    settings.SUPPORT_EMAIL = "help@jtai.example.gov.uk"
    page = client.get(reverse("accessibility")).text
    assert "partially compliant with the" in page
    assert "mailto:help@jtai.example.gov.uk" in page
    assert "Equality Advisory and Support Service" in page


def test_the_privacy_notice_says_how_long_case_audit_material_is_kept(client, settings):
    settings.CASE_AUDITS_RETENTION_MONTHS = 18
    page = client.get(reverse("privacy")).text
    assert "are erased 18 months after the inspection’s letter is published" in page
    assert "the service never asks for a child’s name" in page
    assert "Information Commissioner’s Office" in page


def test_signing_out_says_so(client):
    client.force_login(factories.UserFactory(username="someone"))
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You have signed out" in response.text
    assert "_auth_user_id" not in client.session
    # Said once.
    assert "You have signed out" not in client.get(reverse("login")).text
