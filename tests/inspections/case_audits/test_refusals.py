"""A refused action on the case-audit page is an error: the page's error summary, its title
starting "Error: ", linked to what to act on. Before notification the page says the request goes
after it."""

import pytest
from django.urls import reverse

from inspections.case_audits.models import CaseAuditRequest

from .helpers import request_with_cases

pytestmark = pytest.mark.django_db


def test_before_notification_the_page_says_the_request_goes_after_it_and_sending_is_an_error(
    client, planned_inspection, people, lead
):
    request_with_cases(lead, planned_inspection, people)
    overview = reverse("case_audits:overview", args=[planned_inspection.reference])
    client.force_login(lead)
    page = client.get(overview).content.decode()
    assert (
        "The request goes to the DCS coordinator after the area is notified on Monday 22 February 2016: set it up "
        "and describe the cases now, then send it from this page once the notification has gone." in page
    )
    assert "Send the request to the coordinator</button>" not in page

    # Sent anyway (a page kept open from before): refused as an error, not an "Important" banner.
    response = client.post(reverse("case_audits:send", args=[planned_inspection.reference]), follow=True)
    page = response.content.decode()
    assert "<title>Error: " in page
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert '<a href="#send">The request goes once the area has been notified, before the week on site.</a>' in page
    assert 'id="send"' in page
    assert "govuk-notification-banner__title" not in page
    assert not CaseAuditRequest.objects.get(inspection=planned_inspection).is_sent
