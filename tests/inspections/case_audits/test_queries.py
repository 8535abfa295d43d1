"""The case-audit pages run the same number of queries whatever the number of cases, and the
links the e-mails carry open pages that exist for whoever receives them."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.case_audits import services
from inspections.case_audits.models import AgencyEvaluation
from inspections.case_audits.selectors import scope_areas
from inspections.notifications.dispatch import notifications_dispatch
from tests.factories import UserFactory

from .helpers import access, full_answers, request_with_cases

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["overview", "progress", "submit"])
def test_a_fixed_number_of_queries_for_five_or_seven_cases(client, notified, people, lead, name):
    coordinator = UserFactory()
    people.coordinator.user = coordinator
    people.coordinator.save()
    request = request_with_cases(lead, notified, people, number=5)
    services.request_send(user=lead, access=access(lead, notified))
    client.force_login(coordinator)
    url = reverse(f"case_audits:{name}", args=[notified.reference])
    client.get(url)  # warm the session
    five = _queries(client, url)
    # Two more cases, each with two agencies and their evaluations, some of them done.
    health = request.cases.first().agencies.last()
    for n in range(2):
        case = request.cases.create(reference=f"SG-10{n}", order=10 + n)
        case.agencies.set(list(request.cases.first().agencies.all()))
        for agency in case.agencies.all():
            AgencyEvaluation.objects.create(case=case, agency=agency)
    for evaluation in AgencyEvaluation.objects.filter(agency=health)[:3]:
        services.evaluation_save(
            user=coordinator,
            access=access(coordinator, notified),
            evaluation=evaluation,
            answers=full_answers(scope_areas()),
            done=True,
        )
    assert _queries(client, url) == five


def test_the_request_and_invitation_links_open_their_pages(client, notified, people, lead):
    request_with_cases(lead, notified, people)
    mail.outbox.clear()
    services.request_send(user=lead, access=access(lead, notified))
    notifications_dispatch()
    body = next(m for m in mail.outbox if "case-audit request" in m.subject).body
    link = next(line.split(": ", 1)[1] for line in body.splitlines() if "/case-audits/" in line)
    token_line = next(line for line in body.splitlines() if "/invitations/" in line)
    invitation = token_line[token_line.index("http") :].split()[0]

    assert client.get(urlparse(invitation).path).status_code == 200
    response = client.post(
        urlparse(invitation).path,
        {"password": "a long and unusual passphrase", "password_again": "a long and unusual passphrase"},
    )
    assert response.status_code == 302
    # The request's link goes through sign-in (the reader may have no account yet); signed in
    # now, it leads straight to the case audits.
    followed = client.get(f"{urlparse(link).path}?{urlparse(link).query}", follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain[-1][0] == f"/inspections/{notified.reference}/case-audits/"
