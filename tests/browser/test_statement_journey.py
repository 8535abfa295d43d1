"""The DCS's journey after publication, in a real browser with axe-core on each page: from the
publication e-mail, read from the outbox as raw bytes, through its link and the sign-in, to a
written statement of action with an action for each recommendation, sent to the inspectorates."""

import datetime
import re

import pytest
from django.core import mail

from inspections.areas.statement_models import StatementStatus, WrittenStatement
from inspections.calendar import working_calendar
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.browser.test_case_audits_journeys import _onsite_ahead
from tests.factories import UserFactory
from tests.helpers import area_with_people, plan_inspection, publish_letter, to_reporting, write_letter
from tests.inspections import factories
from tests.sent_mail import as_sent, links, message_row, to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_dcs_goes_from_the_publication_e_mail_to_a_sent_written_statement_of_action(live_server, page, settings):
    settings.SITE_URL = live_server.url
    people = area_with_people()
    lead = factories.InspectorFactory(user__username="lead", user__email="lead@ofsted.example")
    inspection = to_reporting(plan_inspection(people=people, onsite_start=_onsite_ahead(), lead=lead))
    write_letter(inspection, lead.user)
    for person, username in ((people.dcs, "dana"), (people.coordinator, "cora")):
        person.user = UserFactory(username=username, email=person.email)
        person.save()
    publish_letter(
        inspection,
        lead=lead.user,
        coordinator=people.coordinator.user,
        publication_date=datetime.date.today() + datetime.timedelta(days=7),
    )
    mail.outbox.clear()
    notifications_dispatch()

    sent = next(
        m for m in mail.outbox if to(m) == people.dcs.email and message_row(m).kind == MessageKind.ACTION_PLAN_DUE
    )
    raw = as_sent(sent)
    (link,) = links(raw)
    assert link == f"{live_server.url}/inspections/{inspection.reference}/letter/written-statement-of-action/"

    page.goto(link)
    assert page.url.split("?")[0].endswith("/sign-in/")
    SignInPage(page, live_server.url).sign_in("dana", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Written statement of action"
    assert serious_violations(page) == []
    missing = page.locator("#statement-gaps").inner_text()
    assert "Area for priority action 1 has no action" in missing and "Area for development 1 has no action" in missing

    by = working_calendar().add(inspection.letter.published_at.date(), 20)
    owners = ["Northshire Police", "Northshire Police", "Northshire NHS Trust"]
    for number, owner in enumerate(owners):
        page.get_by_role("link", name=re.compile(r"^Add an action")).nth(number).click()
        assert page.get_by_role("heading", level=1).inner_text() == "Add an action"
        page.get_by_label("What will be done").fill(f"Action {number + 1}: a named team, reporting monthly.")
        page.get_by_label(owner).check()
        page.locator("#id_due_on_0").fill(str(by.day))
        page.locator("#id_due_on_1").fill(str(by.month))
        page.locator("#id_due_on_2").fill(str(by.year))
        if number == 0:
            assert serious_violations(page) == []
        page.get_by_role("button", name="Save the action").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Written statement of action"

    assert page.locator("#statement-gaps").inner_text().startswith("Nothing")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send the statement to the inspectorates").click()
    assert "sent to the inspectorates" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == inspection.reference
    assert "Sent: waiting for review" in page.locator("#written-statement").inner_text()
    assert serious_violations(page) == []
    statement = WrittenStatement.objects.get(inspection=inspection)
    assert statement.status == StatementStatus.SENT and statement.actions.count() == 3
