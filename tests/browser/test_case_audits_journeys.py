"""Case audits in a real browser, each page checked with axe-core: the coordinator from the
invitation link to a submitted return; an agency contributor saving a draft; an inspector
recording a sample."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from inspections.case_audits import services
from inspections.case_audits.access import access_for
from inspections.case_audits.models import AgencyEvaluation, CaseSample, ReturnStatus
from inspections.models import Agency, ScopeArea
from inspections.notifications import emails
from inspections.notifications.models import Message, MessageKind
from inspections.services.stages import inspection_transition
from tests.browser.pages import SignInPage
from tests.browser.test_accessibility import PASSWORD, serious_violations
from tests.factories import UserFactory
from tests.helpers import area_with_people, plan_inspection
from tests.inspections import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _onsite_ahead() -> datetime.date:
    """A working Monday five weeks or more after the tests run: the notice and deadline are ahead."""
    from inspections.calendar import working_calendar

    day = datetime.date.today() + datetime.timedelta(days=35)
    day += datetime.timedelta(days=-day.weekday() % 7)
    calendar = working_calendar()
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=7)
    return day


NEW_PASSWORD = "a long and unusual passphrase"


def _sent_request(people, *, onsite=None):
    lead = factories.InspectorFactory(
        user__username="lead", user__first_name="Helen", user__last_name="Carter", user__email="lead@ofsted.example"
    )
    inspection = plan_inspection(people=people, onsite_start=onsite or _onsite_ahead(), lead=lead)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    a = access_for(lead.user, inspection.reference)
    services.request_save(user=lead.user, access=a, cases_number=5, cohort="Children missing from care.")
    police = Agency.objects.get(pk=people.police.agency_id)
    health = Agency.objects.get(pk=people.health.agency_id)
    for n in range(5):
        services.case_add(
            user=lead.user, access=a, reference=f"NS-{n + 1:03d}", agencies=[police, health] if n == 0 else [health]
        )
    services.request_send(user=lead.user, access=a)
    return inspection, lead


def _answers():
    text = "Seen the same day; the plan was followed."
    return {
        s.code: {"what_happened": text, "impact": text, "strengths": text, "improvements": text}
        for s in ScopeArea.objects.all()
    }


def test_the_coordinator_goes_from_the_invitation_link_to_a_submitted_return(live_server, page, settings):
    settings.SITE_URL = live_server.url
    people = area_with_people()
    inspection, lead = _sent_request(people)
    # The request's e-mail carries the coordinator's single-use link (she has no account).
    message = Message.objects.get(inspection=inspection, kind=MessageKind.CASE_AUDIT_REQUEST)
    link = re.search(r"(http\S+/inspections/invitations/\w+/)", emails.render(message).body).group(1)
    # Every evaluation but the police's of the first case is done already (health's contributors).
    helper = UserFactory(username="helper")
    people.coordinator.user = helper
    people.coordinator.save()
    coordinator_access = access_for(helper, inspection.reference)
    police_id = people.police.agency_id
    for evaluation in AgencyEvaluation.objects.exclude(agency_id=police_id):
        services.evaluation_save(
            user=helper, access=coordinator_access, evaluation=evaluation, answers=_answers(), done=True
        )
    people.coordinator.user = None
    people.coordinator.save()

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a password"
    assert serious_violations(page) == []
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create your account").click()
    assert page.get_by_role("heading", level=1).inner_text() == inspection.reference
    assert serious_violations(page) == []

    page.get_by_role("link", name="The case-audit request and your return").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Case audits"
    assert serious_violations(page) == []

    page.get_by_role("link", name="Case NS-001").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=people.police.agency.name).click()
    for scope in ScopeArea.objects.order_by("order"):
        page.locator(f"#id_{scope.code}__what_happened").fill("Referred by the school the same day.")
        page.locator(f"#id_{scope.code}__impact").fill("The child's risk lowered over three months.")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Mark as done").click()
    assert "marked done" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Back").click()
    documents = list(inspection.case_audit_request.documents.select_related("document"))
    for n, document in enumerate(documents):
        page.get_by_role("link", name=document.document.title).click()
        if n == 0:
            page.get_by_label("Upload the document").set_input_files(
                files=[{"name": "procedures.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
            )
        else:
            page.get_by_label("Or say why it does not exist").fill("The board has not published one.")
        if n == 0:
            assert serious_violations(page) == []
        page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Review and submit the joint return").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit the joint return").click()
    assert "submitted" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#status").inner_text().startswith("Submitted")
    assert serious_violations(page) == []
    inspection.case_audit_request.refresh_from_db()
    assert inspection.case_audit_request.status == ReturnStatus.SUBMITTED


def test_an_agency_contributor_saves_a_draft(live_server, page):
    people = area_with_people()
    inspection, lead = _sent_request(people)
    contributor = UserFactory(username="paula", first_name="Paula", last_name="Price")
    people.police.user = contributor
    people.police.save()
    coordinator = UserFactory(username="cora")
    people.coordinator.user = coordinator
    people.coordinator.save()
    police = Agency.objects.get(pk=people.police.agency_id)
    services.contributor_add(
        user=coordinator, access=access_for(coordinator, inspection.reference), agency=police, person=people.police
    )

    SignInPage(page, live_server.url).open().sign_in("paula", PASSWORD)
    page.goto(f"{live_server.url}/inspections/{inspection.reference}/case-audits/")
    assert page.locator(".govuk-task-list__link").all_inner_texts() == ["Case NS-001"]
    assert serious_violations(page) == []
    page.get_by_role("link", name="Case NS-001").click()
    page.get_by_role("link", name=police.name).click()
    first = ScopeArea.objects.order_by("order").first()
    page.locator(f"#id_{first.code}__what_happened").fill("A strategy discussion within a day.")
    page.get_by_role("button", name="Save as draft").click()
    assert "saved as a draft" in page.locator(".govuk-notification-banner").inner_text()
    assert serious_violations(page) == []
    evaluation = AgencyEvaluation.objects.get(case__reference="NS-001", agency=police)
    assert evaluation.status == "draft"
    assert evaluation.answers[first.code]["what_happened"] == "A strategy discussion within a day."
    # "Done" without the answers shows the errors, accessibly.
    page.get_by_role("link", name=police.name).click()
    page.get_by_role("button", name="Mark as done").click()
    assert page.title().startswith("Error: ")
    assert serious_violations(page) == []


def test_an_inspector_records_a_sample(live_server, page):
    people = area_with_people()
    inspection, lead = _sent_request(people)
    inspection = inspection_transition(user=lead.user, inspection=inspection, name="start_fieldwork")
    SignInPage(page, live_server.url).open().sign_in("lead", PASSWORD)
    page.goto(f"{live_server.url}/inspections/{inspection.reference}/case-audits/")
    page.get_by_role("link", name="Case NS-002").click()
    page.get_by_role("link", name="Record your inspectorate's sample").click()
    assert serious_violations(page) == []
    for scope in ScopeArea.objects.order_by("order"):
        page.get_by_label(scope.name).fill("Consistent with the file.")
    page.get_by_label("Evidence seen").fill("The case file and the strategy minutes.")
    page.get_by_role("radio", name="Partly agree").check()
    page.get_by_label("Why", exact=True).fill("The impact was overstated.")
    page.get_by_role("button", name="Save the sample").click()
    assert "sample of case NS-002 is recorded" in page.locator(".govuk-notification-banner").inner_text()
    assert serious_violations(page) == []
    sample = CaseSample.objects.get()
    assert (sample.inspectorate.code, sample.agreement) == ("ofsted", "partly")
    assert get_user_model().objects.get(username="lead") == sample.recorded_by


def test_a_coordinator_without_an_account_goes_from_the_notification_email_to_a_submitted_return(
    live_server, page, settings, mailoutbox
):
    """The notification e-mail read as raw bytes, its single-use link followed, the account set up,
    the request reached from the inspection's page, every evaluation and document done, submitted."""
    import time_machine

    from inspections.notifications.dispatch import notifications_dispatch
    from tests.sent_mail import as_sent, links, message_row

    settings.SITE_URL = live_server.url
    people = area_with_people()
    lead = factories.InspectorFactory(
        user__username="lead", user__first_name="Helen", user__last_name="Carter", user__email="lead@ofsted.example"
    )
    inspection = plan_inspection(people=people, onsite_start=_onsite_ahead(), lead=lead)
    with time_machine.travel(inspection.notification_at, tick=False):
        notifications_dispatch()
    (notification,) = [
        m for m in mailoutbox if message_row(m).kind == MessageKind.COORDINATOR_NOTIFICATION and m.attachments == []
    ]
    (link,) = [url for url in links(as_sent(notification)) if "/invitations/" in url]
    # The lead sends the request once the area is notified.
    a = access_for(lead.user, inspection.reference)
    services.request_save(user=lead.user, access=a, cases_number=5, cohort="Children missing from care.")
    police = Agency.objects.get(pk=people.police.agency_id)
    health = Agency.objects.get(pk=people.health.agency_id)
    for n in range(5):
        services.case_add(
            user=lead.user, access=a, reference=f"NS-{n + 1:03d}", agencies=[police, health] if n == 0 else [health]
        )
    services.request_send(user=lead.user, access=a)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a password"
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create your account").click()
    assert page.get_by_role("heading", level=1).inner_text() == inspection.reference
    page.get_by_role("link", name="The case-audit request and your return").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Case audits"

    scopes = list(ScopeArea.objects.order_by("order"))
    for case in inspection.case_audit_request.cases.prefetch_related("agencies"):
        for agency in case.agencies.all():
            page.get_by_role("link", name=f"Case {case.reference}").click()
            page.get_by_role("link", name=agency.name).click()
            for scope in scopes:
                page.locator(f"#id_{scope.code}__what_happened").fill("Referred by the school the same day.")
                page.locator(f"#id_{scope.code}__impact").fill("The risk to the child lowered over three months.")
            page.get_by_role("button", name="Mark as done").click()
            assert "marked done" in page.locator(".govuk-notification-banner").inner_text()
            page.get_by_role("link", name="Back").click()
    for document in inspection.case_audit_request.documents.select_related("document"):
        page.get_by_role("link", name=document.document.title).click()
        page.get_by_label("Or say why it does not exist").fill("The board has not published one.")
        page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Review and submit the joint return").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit the joint return").click()
    assert "submitted" in page.locator(".govuk-notification-banner").inner_text()
    inspection.case_audit_request.refresh_from_db()
    assert inspection.case_audit_request.status == ReturnStatus.SUBMITTED
    assert inspection.case_audit_request.submitted_by.email == people.coordinator.email
