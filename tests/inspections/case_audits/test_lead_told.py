"""The lead inspector is told, by e-mail read as raw bytes, when the area submits its case-audit
return, as the submit page promises; the link opens the return for them."""

import pytest
from django.core import mail

from inspections.case_audits import services
from inspections.case_audits.models import AgencyEvaluation
from inspections.case_audits.selectors import scope_areas
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from tests.factories import UserFactory
from tests.sent_mail import (
    as_sent,
    assert_links_work,
    message_row,
    text_and_html,
    to,
)

from .helpers import access, full_answers, request_with_cases

pytestmark = pytest.mark.django_db


def test_the_lead_is_told_when_the_return_is_submitted(notified, people, lead):
    request = request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    people.coordinator.user = coordinator = UserFactory(username="cora", email=people.coordinator.email)
    people.coordinator.save()
    mine = access(coordinator, notified)
    for item in AgencyEvaluation.objects.filter(case__request=request):
        services.evaluation_save(
            user=coordinator, access=mine, evaluation=item, answers=full_answers(scope_areas()), done=True
        )
    for document in request.documents.all():
        services.document_save(user=coordinator, access=mine, document=document, missing_reason="None is kept.")
    mail.outbox.clear()

    services.return_submit(user=coordinator, access=access(coordinator, notified))
    notifications_dispatch()

    (told,) = [m for m in mail.outbox if message_row(m).kind == MessageKind.CASE_AUDIT_SUBMITTED]
    assert to(told) == "lead@ofsted.example.org"
    assert told.subject == f"{notified.reference}: the area has submitted its case-audit return"
    text, html = text_and_html(as_sent(told))
    url = f"http://localhost:8000/inspections/{notified.reference}/case-audits/"
    assert f"See the return: {url}" in text and f'<a href="{url}"' in html
    assert assert_links_work([told]) == 1
