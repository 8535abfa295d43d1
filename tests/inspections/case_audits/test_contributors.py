"""No dead end for a contributor who is no inspection contact: the invitation (read as raw bytes)
promises their agency's cases and its link leads there; the header, the Back links and their
landing page, followed as them, reach a page that names their agency and their task."""

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from inspections.case_audits import services
from inspections.models import Agency
from inspections.notifications.dispatch import notifications_dispatch
from tests.sent_mail import as_sent, assert_links_work, links, text_and_html, to

from .conftest import invitation_token
from .helpers import access

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase"


def nav_link(page: str, label: str) -> str:
    found = re.search(rf'<a class="govuk-header__link" href="([^"]+)"[^>]*>{label}</a>', page)
    assert found, f"no “{label}” in the header"
    return found.group(1)


def back_link(page: str) -> str:
    return re.search(r'<a href="([^"]+)" class="govuk-back-link">', page).group(1)


def test_every_link_a_contributor_is_shown_leads_where_they_can_act(client, sent, people):
    inspection, request = sent["inspection"], sent["request"]
    police = Agency.objects.get(pk=people.police.agency_id)
    overview = reverse("case_audits:overview", args=[inspection.reference])
    client.force_login(sent["contributor"])

    landing = client.get(reverse("home"), follow=True)
    assert landing.redirect_chain[-1][0] == overview
    page = landing.content.decode()
    task = re.search(r'<div class="govuk-inset-text" id="your-task">(.*?)</div>', page, re.S).group(1)
    assert f"You evaluate the cases for {police.name}: each case below that it is involved in." in task
    assert "mark your evaluation done by Friday 4 March 2016 at 5pm" in task
    assert "Cora Coordinator, the DCS coordinator, reviews every agency's evaluations" in task
    assert "Your agency's cases" in page
    # No heading without anything under it (the team's and the coordinator's "More" links).
    assert ">More</h2>" not in page

    header = nav_link(page, "Your case audits")
    assert header == overview
    assert "Your area's inspections" not in page
    back = back_link(page)
    listed = client.get(back)
    assert listed.status_code == 200
    body = listed.content.decode()
    assert "There are no inspections for you to see yet" not in body
    assert (
        f'href="{overview}">Case audits for {inspection.reference}, {inspection.area.name}</a>: for {police.name}'
        in (body)
    )

    case = request.cases.get(reference="SG-001")
    case_page = client.get(reverse("case_audits:case", args=[inspection.reference, case.pk])).content.decode()
    assert client.get(back_link(case_page)).status_code == 200
    evaluation = client.get(reverse("case_audits:evaluation", args=[inspection.reference, case.pk, police.pk]))
    assert client.get(back_link(evaluation.content.decode())).status_code == 200


def test_a_contributors_invitation_promises_their_agencys_cases_and_leads_there(client, sent, people):
    inspection = sent["inspection"]
    coordinator = sent["coordinator"]
    police = Agency.objects.get(pk=people.police.agency_id)
    mail.outbox.clear()
    services.contributor_add(
        user=coordinator, access=access(coordinator, inspection), agency=police, name="Nia Newman", email="nia@x.org"
    )
    notifications_dispatch()
    (sent_mail,) = [m for m in mail.outbox if to(m) == "nia@x.org"]
    text, html = text_and_html(as_sent(sent_mail))
    assert f"You have been added as a contributor for {police.name} to the case audits" in text
    assert "You will see those cases and your agency's evaluations only." in text
    assert "Cora Coordinator, the DCS coordinator, submits the area's joint return, due by Friday 4 March 2016" in text
    assert "Set up your account and see your agency's cases: http://localhost:8000/inspections/invitations/" in text
    assert ">Set up your account and see your agency's cases</a>" in unescape(html)
    assert "see the inspection" not in text
    assert assert_links_work([sent_mail]) == 1

    # Followed with no session: the password, then their agency's cases.
    (url,) = links(as_sent(sent_mail))
    assert invitation_token("nia@x.org") in url
    response = client.post(
        url.removeprefix("http://localhost:8000"), {"password": PASSWORD, "password_again": PASSWORD}
    )
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert f"You evaluate the cases for {police.name}" in landing.content.decode()


def test_a_contributor_with_an_account_is_sent_straight_to_their_agencys_cases(sent):
    inspection = sent["inspection"]
    mail.outbox.clear()
    # Paula has an account by the time her invitation goes.
    notifications_dispatch()
    (told,) = [m for m in mail.outbox if to(m) == "paula@x.org"]
    text, _ = text_and_html(as_sent(told))
    assert f"See your agency's cases: http://localhost:8000/inspections/{inspection.reference}/case-audits/" in text
    assert "invitations/" not in text
    assert assert_links_work([told]) == 1
