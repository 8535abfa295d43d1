"""Every page of each role's main journey, on the demo's data, passes axe-core's WCAG 2.2 AA checks
(no serious or critical finding), and every form sent empty shows a GOV.UK error page whose
summary has the focus and links to its fields (tests/browser/axe.py).

One test per role: each walks its pages on the demo (`load_demo`, as `make run` does, once per
session: tests/browser/conftest.py).
A journey does not stop at a page with findings: it lists every page's at the end.
"""

import pytest
from django.contrib.auth import get_user_model

from consultations.models import Consultation
from inspections.demo import PASSWORD
from inspections.models import Inspection, PersonRole, Theme
from inspections.reports import factual_accuracy as fa
from inspections.reports import renders
from tests.browser.axe import Audit
from tests.browser.pages import SignInPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def audit(live_server, page):
    return Audit(page, live_server.url)


def sign_out(audit: Audit) -> None:
    # The sign-out form is sent by script once the offline queue is cleared: wait until it has gone.
    with audit.page.expect_navigation():
        audit.page.get_by_role("button", name="Sign out").click()


def sign_in(audit: Audit, username: str) -> None:
    SignInPage(audit.page, audit.base_url).open().sign_in(username, PASSWORD)
    audit.check("signed in")


def _croydon_coordinator(checking: Inspection):
    """Croydon's draft letter is with its coordinator, who is given a log-in."""
    contact = checking.contacts.select_related("person").get(role=PersonRole.DCS_COORDINATOR)
    user = get_user_model().objects.create_user("croydon.coordinator", password=PASSWORD)
    contact.person.user = user
    contact.person.save()
    return user


def first_case(inspection: Inspection):
    return inspection.case_audit_request.cases.order_by("reference").first()


def test_the_lead_inspectors_journey(audit, demo_inspections):
    notified, reporting, checking = (
        demo_inspections["South Gloucestershire"],
        demo_inspections["Liverpool"],
        demo_inspections["Croydon"],
    )
    on_site = demo_inspections["Wirral"]
    sign_in(audit, "lead.inspector")
    audit.visit("/inspections/")
    audit.visit("/inspections/?show=past")
    errors = audit.submit_empty("/inspections/plan/", "Preview timeline")
    assert "Choose the local area" in " ".join(errors)

    ref = notified.reference
    audit.visit(f"/inspections/{ref}/")
    audit.visit(f"/inspections/{ref}/team/")
    audit.visit(f"/inspections/{ref}/local-contacts/")
    audit.visit(f"/inspections/{on_site.reference}/")
    audit.visit(f"/inspections/{ref}/case-audits/")
    audit.visit(f"/inspections/{ref}/case-audits/progress/")
    audit.visit(f"/inspections/{ref}/case-audits/access-log/")
    case = first_case(notified)
    audit.visit(f"/inspections/{ref}/case-audits/cases/{case.pk}/")
    audit.visit(f"/inspections/{ref}/case-audits/contributors/")
    audit.visit(f"/inspections/{ref}/case-audits/coordinator/")

    ref = reporting.reference
    audit.visit(f"/inspections/{ref}/")
    audit.visit(f"/inspections/{ref}/letter/")
    errors = audit.submit_empty(f"/inspections/{ref}/letter/findings/add/", "Save")
    errors = audit.submit_empty(f"/inspections/{ref}/letter/recommendations/add/", "Save")
    finding = reporting.findings.first()
    audit.visit(f"/inspections/{ref}/letter/findings/{finding.pk}/")
    recommendation = reporting.recommendations.first()
    audit.visit(f"/inspections/{ref}/letter/recommendations/{recommendation.pk}/")
    audit.visit(f"/inspections/{ref}/letter/preview/")
    audit.visit(f"/inspections/{ref}/letter/send/")

    ref = checking.reference
    audit.visit(f"/inspections/{ref}/letter/")
    version = checking.letter.versions.order_by("number").first()
    audit.visit(f"/inspections/{ref}/letter/versions/{version.number}/")
    audit.visit(f"/inspections/{ref}/letter/factual-accuracy/")
    comment = checking.letter.comments.first()
    if comment is not None:
        audit.visit(f"/inspections/{ref}/letter/factual-accuracy/{comment.pk}/decision/")
    # The partnership responds; the lead makes the final letter and publishes it.
    coordinator = _croydon_coordinator(checking)
    fa.factual_accuracy_respond(user=coordinator, inspection=checking)
    audit.visit(f"/inspections/{ref}/letter/")
    audit.visit(f"/inspections/{ref}/letter/final/")  # says when the letter will publish
    audit.page.get_by_role("button", name="Make the final letter").click()
    audit.check("final letter made")
    for version in checking.letter.versions.filter(purpose="final"):
        renders.letter_version_render(version_id=version.pk)
    audit.visit(f"/inspections/{ref}/letter/publish/")  # asks before publishing now
    audit.page.get_by_role("button", name="Yes, publish the letter now").click()
    audit.check("published")

    audit.visit("/inspections/NO-SUCH-INSPECTION/", status=404)
    audit.assert_clean()


def test_the_managers_journey(audit, demo_inspections):
    published, planned = demo_inspections["Central Bedfordshire"], demo_inspections["Oxfordshire"]
    sign_in(audit, "manager")
    audit.visit("/inspections/")
    audit.visit(f"/inspections/?programme={published.programme_id}&stage=published&show=past")
    audit.visit(f"/inspections/{published.reference}/")
    audit.visit(f"/inspections/{published.reference}/case-audits/")
    audit.visit(f"/inspections/{published.reference}/letter/")
    ref = planned.reference
    audit.visit(f"/inspections/{ref}/")
    audit.visit(f"/inspections/{ref}/team/")
    audit.visit(f"/inspections/{ref}/local-contacts/")
    theme = Theme.objects.get(slug="cse-and-missing")
    audit.visit("/inspections/themes/")
    audit.visit(f"/inspections/themes/{theme.slug}/report/")
    audit.assert_clean()


def test_the_local_areas_journey(audit, demo_inspections):
    """The DCS, then the coordinator: next steps, the case-audit return, the factual-accuracy response."""
    notified, checking = demo_inspections["South Gloucestershire"], demo_inspections["Croydon"]
    ref = notified.reference
    sign_in(audit, "dcs")
    audit.visit("/")
    audit.visit(f"/inspections/{ref}/case-audits/")
    audit.visit(f"/inspections/{ref}/case-audits/coordinator/")
    sign_out(audit)

    sign_in(audit, "coordinator")
    audit.visit("/")
    audit.visit(f"/inspections/{ref}/case-audits/")
    audit.visit(f"/inspections/{ref}/case-audits/progress/")
    audit.visit(f"/inspections/{ref}/case-audits/contributors/")
    case = first_case(notified)
    audit.visit(f"/inspections/{ref}/case-audits/cases/{case.pk}/")
    evaluation = case.evaluations.first()
    audit.visit(f"/inspections/{ref}/case-audits/cases/{case.pk}/agencies/{evaluation.agency_id}/")
    audit.submit_empty(f"/inspections/{ref}/case-audits/cases/{case.pk}/", "Upload the attachment")
    document = notified.case_audit_request.documents.first()
    audit.submit_empty(f"/inspections/{ref}/case-audits/documents/{document.pk}/", "Save")
    audit.visit(f"/inspections/{ref}/case-audits/submit/")
    sign_out(audit)

    _croydon_coordinator(checking)
    sign_in(audit, "croydon.coordinator")
    audit.visit("/")
    ref = checking.reference
    audit.visit(f"/inspections/{ref}/letter/")
    audit.visit(f"/inspections/{ref}/letter/preview/")
    errors = audit.submit_empty(f"/inspections/{ref}/letter/factual-accuracy/", "Save the comment")
    assert errors == ["Enter the paragraph number", "Enter your comment"]
    audit.submit_empty(f"/inspections/{ref}/letter/factual-accuracy/", "Submit the response")
    audit.assert_clean()


def test_the_agency_contributors_and_senior_leaders_journeys(audit, demo_inspections):
    notified = demo_inspections["South Gloucestershire"]
    ref = notified.reference
    sign_in(audit, "police.leader")
    audit.visit("/")
    audit.visit(f"/inspections/{ref}/")
    audit.visit(f"/inspections/{ref}/case-audits/")
    police_agency = notified.case_audit_contributors.get(person__user__username="police.leader").agency_id
    case = notified.case_audit_request.cases.filter(agencies=police_agency).order_by("reference").first()
    done = case.evaluations.filter(agency=police_agency, status="done").exists()
    audit.visit(f"/inspections/{ref}/case-audits/cases/{case.pk}/")
    # A done evaluation stays done: its page offers "Save and keep it done" instead.
    audit.submit_empty(
        f"/inspections/{ref}/case-audits/cases/{case.pk}/agencies/{police_agency}/",
        "Save and keep it done" if done else "Mark as done",
        clear=True,
    )
    sign_out(audit)

    sign_in(audit, "merseyside.police")
    audit.visit("/")
    audit.visit("/inspections/")
    audit.visit(f"/inspections/{demo_inspections['Liverpool'].reference}/")
    audit.visit(f"/inspections/{demo_inspections['Wirral'].reference}/")
    audit.assert_clean()


def test_the_analysts_journey(audit, demo_inspections):
    consultation = Consultation.objects.get()
    slug = consultation.slug
    sign_in(audit, "analyst")
    audit.visit("/consultations/")
    audit.visit(f"/consultations/{slug}/")
    audit.submit_empty(f"/consultations/{slug}/upload/", "Upload and import")
    for question in consultation.questions.filter(kind="free_text"):
        audit.visit(f"/consultations/{slug}/questions/{question.code}/coding/")
    audit.visit(f"/consultations/{slug}/you-said-we-did/")
    audit.submit_empty(f"/consultations/{slug}/you-said-we-did/", "Add entry")
    audit.visit(f"/consultations/{slug}/report/")
    audit.assert_clean()


def test_the_publics_journey(audit, demo_inspections):
    published = demo_inspections["Central Bedfordshire"]
    audit.visit("/published/")
    audit.visit(f"/published/{published.reference}/")
    audit.visit("/published/themes/cse-and-missing/")
    audit.visit("/published/themes/cse-and-missing/editions/1/")
    audit.visit("/published/NO-SUCH-LETTER/", status=404)
    audit.visit("/consultations/jtai-2015/report/")
    errors = audit.submit_empty("/sign-in/", "Sign in")
    assert errors == ["Enter your user name or email address", "Enter your password"]
    audit.assert_clean()
