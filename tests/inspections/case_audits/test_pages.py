"""The case-audit pages: each role's reach, the same 404 for everyone outside, uploads refused
and served, the personal-data warning, the invitation pages, the read log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.case_audits import services
from inspections.case_audits.models import AccessLog, Attachment, AuditCase, Contributor, DocumentReturn
from inspections.case_audits.views import request as request_views
from inspections.case_audits.views import returns as returns_views
from inspections.models import Agency, ContactRole, InspectionContact
from inspections.notifications.dispatch import notifications_dispatch
from inspections.services.stages import inspection_transition
from tests.factories import UserFactory
from tests.helpers import area_with_people, plan_inspection
from tests.inspections import factories

from .conftest import docx_bytes, exe_bytes, invitation_token, odt_bytes, pdf_bytes, plain_zip_bytes
from .helpers import access

pytestmark = pytest.mark.django_db


def _user_for(person):
    person.user = UserFactory()
    person.save()
    return person.user


def urls(inspection, request):
    police_case = request.cases.get(reference="SG-001")
    document = request.documents.first()
    attachment = Attachment.objects.create(
        case=police_case, original_name="a.pdf", content_type="application/pdf", size=1, file="case-audits/x.pdf"
    )
    ref = inspection.reference
    return [
        reverse("case_audits:overview", args=[ref]),
        reverse("case_audits:case", args=[ref, police_case.pk]),
        reverse("case_audits:evaluation", args=[ref, police_case.pk, police_case.agencies.first().pk]),
        reverse("case_audits:attachment", args=[ref, attachment.pk]),
        reverse("case_audits:document", args=[ref, document.pk]),
        reverse("case_audits:document_file", args=[ref, document.pk]),
        reverse("case_audits:progress", args=[ref]),
        reverse("case_audits:access_log", args=[ref]),
        reverse("case_audits:request", args=[ref]),
        reverse("case_audits:nominate", args=[ref]),
        reverse("case_audits:contributors", args=[ref]),
        reverse("case_audits:submit", args=[ref]),
        reverse("case_audits:sample", args=[ref, police_case.pk]),
    ]


def test_outsiders_get_the_same_404_on_every_page_and_file(client, sent, people):
    inspection, request = sent["inspection"], sent["request"]
    pages = urls(inspection, request)
    # Another area's DCS, whose own inspection is notified.
    other = area_with_people(name="Southshire")
    other_dcs = _user_for(other.dcs)
    # A local user of this area whom the inspection does not involve in case audits (a leader).
    leader = _user_for(people.police)
    # An inspector not on the team.
    stranger = factories.InspectorFactory().user
    for user in (other_dcs, leader, stranger):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)
    client.logout()
    assert client.get(pages[0]).status_code == 302  # to sign in


def test_local_users_before_notification_get_404(client, clock, lead):
    area = area_with_people(name="Eastshire")
    dcs = _user_for(area.dcs)
    planned = plan_inspection(people=area, lead=factories.InspectorFactory(user__username="lead2"))
    client.force_login(dcs)
    assert client.get(reverse("case_audits:overview", args=[planned.reference])).status_code == 404
    assert client.get(reverse("inspections:detail", args=[planned.reference])).status_code == 404


def test_a_contributor_sees_only_the_cases_of_their_agency(client, sent):
    inspection, request = sent["inspection"], sent["request"]
    client.force_login(sent["contributor"])
    page = client.get(reverse("case_audits:overview", args=[inspection.reference]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Case SG-001" in body and "Case SG-002" in body and "SG-003" not in body
    health_only = request.cases.get(reference="SG-003")
    assert client.get(reverse("case_audits:case", args=[inspection.reference, health_only.pk])).status_code == 404
    # Nor the area's documents, the progress page or the team's pages.
    assert client.get(reverse("case_audits:progress", args=[inspection.reference])).status_code == 404
    document = request.documents.first()
    assert client.get(reverse("case_audits:document", args=[inspection.reference, document.pk])).status_code == 404


def test_each_role_reaches_its_own_pages(client, sent, lead, people):
    inspection = sent["inspection"]
    ref = inspection.reference
    client.force_login(sent["coordinator"])
    for name in ("overview", "progress", "contributors", "submit"):
        assert client.get(reverse(f"case_audits:{name}", args=[ref])).status_code == 200, name
    assert client.get(reverse("case_audits:access_log", args=[ref])).status_code == 404
    assert client.get(reverse("case_audits:request", args=[ref])).status_code == 404
    dcs = _user_for(people.dcs)
    client.force_login(dcs)
    assert client.get(reverse("case_audits:nominate", args=[ref])).status_code == 200
    detail = client.get(reverse("inspections:detail", args=[ref])).content.decode()
    nominate = reverse("case_audits:nominate", args=[ref])
    assert f'<a class="govuk-link" href="{nominate}">Nominate or change the DCS coordinator</a>' in detail
    client.force_login(lead)
    for name in ("overview", "progress", "access_log", "nominate", "contributors"):
        assert client.get(reverse(f"case_audits:{name}", args=[ref])).status_code == 200, name


def test_the_pages_journey_nomination_contributor_draft_submit(client, sent, people, lead):
    inspection, request = sent["inspection"], sent["request"]
    ref = inspection.reference
    dcs = _user_for(people.dcs)
    client.force_login(dcs)
    response = client.post(
        reverse("case_audits:nominate", args=[ref]), {"person": "", "name": "Nina Newman", "email": "nina@n.example"}
    )
    assert response.status_code == 302
    assert InspectionContact.objects.get(inspection=inspection, role=ContactRole.DCS_COORDINATOR).person.name == (
        "Nina Newman"
    )
    notifications_dispatch()
    assert invitation_token("nina@n.example")

    # A contributor saves a draft on the page, then the page refuses "done" with the field named.
    client.force_login(sent["contributor"])
    case = request.cases.get(reference="SG-001")
    police_id = people.police.agency_id
    url = reverse("case_audits:evaluation", args=[ref, case.pk, police_id])
    response = client.post(url, {"front-door__what_happened": "Referred the same day.", "action": "draft"})
    assert response.status_code == 302
    assert case.evaluations.get(agency_id=police_id).answers["front-door"]["what_happened"] == "Referred the same day."
    response = client.post(url, {"action": "done"})
    assert response.status_code == 400
    assert response.context["page_title"].startswith("Error: ")
    assert "Enter what happened for the child" in response.content.decode()


def test_the_request_page_refuses_a_number_outside_the_range(client, notified, lead):
    client.force_login(lead)
    url = reverse("case_audits:request", args=[notified.reference])
    response = client.post(url, {"cases_number": "8", "number_reason": "Big"})
    assert response.status_code == 400
    assert "The number of cases must be between 5 and 7" in response.content.decode()
    assert response.context["page_title"] == "Error: The case-audit request"
    response = client.post(url, {"cases_number": "6"})
    assert "Enter why the area should audit 6 cases, not 5" in response.content.decode()
    assert not hasattr(notified, "case_audit_request") or True
    from inspections.case_audits.models import CaseAuditRequest

    assert not CaseAuditRequest.objects.exists()


def test_a_name_with_a_birth_date_warns_then_saves_anyway(client, notified, lead, people):
    client.force_login(lead)
    client.post(reverse("case_audits:request", args=[notified.reference]), {"cases_number": "5"})
    url = reverse("case_audits:case_add", args=[notified.reference])
    data = {"reference": "Tom Jones 01/02/2009", "agencies": [people.police.agency_id]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "may include a child's name and date of birth" in response.content.decode()
    assert "Save anyway" in response.content.decode()
    assert not AuditCase.objects.exists()
    response = client.post(url, {**data, "confirmed": "on"})
    assert response.status_code == 302
    assert AuditCase.objects.get().reference == "Tom Jones 01/02/2009"


# ---- Uploads -------------------------------------------------------------------------------------


def _upload(client, sent, name, content, content_type="application/octet-stream"):
    inspection, request = sent["inspection"], sent["request"]
    case = request.cases.get(reference="SG-001")
    client.force_login(sent["coordinator"])
    return client.post(
        reverse("case_audits:attachment_add", args=[inspection.reference, case.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def _nothing_stored(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return not Attachment.objects.exists() and not (root.exists() and any(p.is_file() for p in root.rglob("*")))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"just some text about a case"),
        ("report.pdf", b"not a pdf at all, only text named like one"),
        ("policy.docx", plain_zip_bytes()),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ],
    ids=["text", "text-named-pdf", "zip-named-docx", "png-named-pdf"],
)
def test_a_wrong_type_is_refused_and_nothing_stored(client, sent, settings, name, content):
    response = _upload(client, sent, name, content)
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOCX or ODT document" in response.content.decode()
    assert response.context["page_title"].startswith("Error: ")
    assert _nothing_stored(settings)


def test_a_renamed_executable_is_refused_and_nothing_stored(client, sent, settings):
    response = _upload(client, sent, "minutes.pdf", exe_bytes(), "application/pdf")
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOCX or ODT document" in response.content.decode()
    assert _nothing_stored(settings)


def test_an_oversized_file_is_refused_and_nothing_stored(client, sent, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = _upload(client, sent, "big.pdf", pdf_bytes() + b"0" * 2048, "application/pdf")
    assert response.status_code == 400
    assert "The selected file must be smaller than" in response.content.decode()
    assert _nothing_stored(settings)


def test_the_upload_handler_stops_reading_a_file_past_the_limit(client, sent, settings, monkeypatch):
    from jtai import uploads

    settings.UPLOAD_MAX_BYTES = 1024
    chunks = []
    original = uploads.SizeLimitHandler.receive_data_chunk

    def counting(self, raw_data, start):
        chunks.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploads.SizeLimitHandler, "receive_data_chunk", counting)
    # 40 KB declared: under the limit plus the form's allowance, so the body is read, through the handler.
    response = _upload(client, sent, "big.pdf", pdf_bytes() + b"0" * 40 * 1024, "application/pdf")
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 KB" in response.content.decode()
    assert len(chunks) == 1  # it stopped at the first chunk past the limit
    assert _nothing_stored(settings)


def test_uploads_keep_the_csrf_check(sent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(sent["coordinator"])
    case = sent["request"].cases.get(reference="SG-001")
    url = reverse("case_audits:attachment_add", args=[sent["inspection"].reference, case.pk])
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_request_longer_than_the_limit_is_refused_before_its_body_is_read(client, sent, settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    big = pdf_bytes() + b"0" * (10 * 1024 * 1024 + 100 * 1024)
    response = _upload(client, sent, "big.pdf", big, "application/pdf")
    assert response.status_code == 400
    assert "The selected file must be smaller than 10 MB" in response.content.decode()
    assert _nothing_stored(settings)


def test_an_empty_or_missing_file_is_refused(client, sent, settings):
    assert "The selected file is empty" in _upload(client, sent, "a.pdf", b"").content.decode()
    inspection, request = sent["inspection"], sent["request"]
    case = request.cases.get(reference="SG-001")
    response = client.post(reverse("case_audits:attachment_add", args=[inspection.reference, case.pk]), {})
    assert "Choose a file" in response.content.decode()
    assert _nothing_stored(settings)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", pdf_bytes(), "application/pdf"),
        ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("plan.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("named-wrongly.txt", pdf_bytes(), "application/pdf"),
    ],
    ids=["pdf", "docx", "odt", "pdf-named-txt"],
)
def test_pdf_docx_and_odt_are_kept_outside_the_web_root_and_served_as_attachments(
    client, sent, settings, name, content, content_type
):
    response = _upload(client, sent, name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    assert path.read_bytes() == content
    assert name not in attachment.file.name  # stored under a name of its own
    inspection = sent["inspection"]
    served = client.get(reverse("case_audits:attachment", args=[inspection.reference, attachment.pk]))
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")
    assert name in served["Content-Disposition"]
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == content
    # A contributor of an agency the case involves may fetch it; one of another may not.
    client.force_login(sent["contributor"])
    assert client.get(reverse("case_audits:attachment", args=[inspection.reference, attachment.pk])).status_code == 200


def test_a_document_is_uploaded_or_explained(client, sent, settings):
    inspection, request = sent["inspection"], sent["request"]
    document = request.documents.first()
    client.force_login(sent["coordinator"])
    url = reverse("case_audits:document", args=[inspection.reference, document.pk])
    assert "Choose a file, or say why" in client.post(url, {}).content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", exe_bytes())})
    assert "must be a PDF, DOCX or ODT" in response.content.decode()
    assert not DocumentReturn.objects.get(pk=document.pk).file
    assert client.post(url, {"missing_reason": "None was written."}).status_code == 302
    served = client.get(reverse("case_audits:document_file", args=[inspection.reference, document.pk]))
    assert served.status_code == 404  # nothing to serve
    client.post(url, {"file": SimpleUploadedFile("f.pdf", pdf_bytes())})
    served = client.get(reverse("case_audits:document_file", args=[inspection.reference, document.pk]))
    assert served["Content-Disposition"] == 'attachment; filename="f.pdf"'


# ---- Reading is logged --------------------------------------------------------------------------


def test_who_read_a_case_is_logged_and_the_lead_sees_the_log(client, sent, lead, people):
    inspection, request = sent["inspection"], sent["request"]
    case = request.cases.get(reference="SG-001")
    client.force_login(sent["contributor"])
    client.get(reverse("case_audits:case", args=[inspection.reference, case.pk]))
    client.get(reverse("case_audits:evaluation", args=[inspection.reference, case.pk, people.police.agency_id]))
    entries = list(AccessLog.objects.order_by("at", "pk"))
    assert [(e.user, e.case) for e in entries] == [(sent["contributor"], case)] * 2
    client.force_login(lead)
    page = client.get(reverse("case_audits:access_log", args=[inspection.reference])).content.decode()
    assert "SG-001" in page and sent["contributor"].get_full_name() in page


# ---- No extra cases -------------------------------------------------------------------------------


def test_there_is_no_way_to_track_a_case_outside_the_request(client, sent, lead, people):
    """Inspectors track no case beyond those the area audits: every page that names a case
    takes it from this inspection's request; the only page that adds one is the lead's, before
    the request goes; a sample can only name one of the request's cases."""
    from django.urls import get_resolver

    inspection = sent["inspection"]
    patterns = [p for p in get_resolver().url_patterns if getattr(p, "app_name", None) == "case_audits"][0]
    adding = [p.name for p in patterns.url_patterns if "add" in str(p.pattern) and "case" in p.name]
    assert adding == ["case_add"]
    # The request has gone: no more cases, by page or service.
    client.force_login(lead)
    response = client.post(
        reverse("case_audits:case_add", args=[inspection.reference]),
        {"reference": "EXTRA-1", "agencies": [people.police.agency_id]},
    )
    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()
    assert not AuditCase.objects.filter(reference="EXTRA-1").exists()
    # On site, a sample of another inspection's case is a 404, and the service refuses it.
    inspection_transition(user=lead, inspection=inspection, name="start_fieldwork")
    other_area = area_with_people(name="Westshire")
    other = plan_inspection(people=other_area, lead=factories.InspectorFactory(user__username="lead3"))
    other_case = AuditCase.objects.create(
        request=services.CaseAuditRequest.objects.create(inspection=other, cases_number=5), reference="W-1"
    )
    assert client.get(reverse("case_audits:sample", args=[inspection.reference, other_case.pk])).status_code == 404
    inspection.refresh_from_db()
    with pytest.raises(services.DomainError, match="Only the cases the area audited"):
        services.sample_save(
            user=lead,
            access=access(lead, inspection),
            case=other_case,
            answers={},
            evidence="e",
            agreement="agree",
            agreement_reason="r",
        )
    assert AuditCase._meta.get_field("request").null is False
    from inspections.case_audits.models import CaseSample

    assert CaseSample._meta.get_field("case").related_model is AuditCase
    assert CaseSample._meta.get_field("case").null is False


# ---- Invitations ----------------------------------------------------------------------------------


def test_the_invitation_page_makes_the_account_once(client, notified, people, clock):
    token = invitation_token(people.dcs.email)
    url = reverse("case_audits:invitation", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Choose a password" in page.content.decode()
    response = client.post(url, {"password": "short", "password_again": "short"})
    assert response.status_code == 400 and response.context["page_title"].startswith("Error: ")
    response = client.post(
        url, {"password": "a long and unusual passphrase", "password_again": "a long and unusual passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail", args=[notified.reference])
    assert client.get(response["Location"]).status_code == 200  # signed in, on their inspection
    client.logout()
    spent = client.get(url)
    assert spent.status_code == 410
    body = spent.content.decode()
    assert "already been used" in body and "lead@ofsted.example.org" in body


def test_an_expired_or_unknown_link_says_so_and_who_to_ask(client, notified, people, clock):
    from tests.helpers import london

    token = invitation_token(people.police.email)
    clock.move_to(london(2016, 3, 9, 9, 0))
    expired = client.get(reverse("case_audits:invitation", args=[token]))
    assert expired.status_code == 410
    assert "It has expired" in expired.content.decode() and "lead@ofsted.example.org" in expired.content.decode()
    unknown = client.get(reverse("case_audits:invitation", args=["0" * 64]))
    assert unknown.status_code == 404 and "no way to register without an invitation" in unknown.content.decode()


def test_a_contributor_lands_on_the_case_audits(client, sent):
    contributor = Contributor.objects.create(
        inspection=sent["inspection"],
        person=factories.PersonFactory(area=sent["inspection"].area, email="new@x.org", name="New Person"),
        agency=Agency.objects.filter(areas=sent["inspection"].area).first(),
    )
    services.message_queue(
        inspection=sent["inspection"],
        kind="account_invitation",
        key=f"account_invitation:person:{contributor.person.pk}",
        recipient_name="New Person",
        recipient_email="new@x.org",
    )
    notifications_dispatch()
    token = invitation_token("new@x.org")
    response = client.post(
        reverse("case_audits:invitation", args=[token]),
        {"password": "a long and unusual passphrase", "password_again": "a long and unusual passphrase"},
    )
    assert response["Location"] == reverse("case_audits:overview", args=[sent["inspection"].reference])


def test_a_contributor_who_is_no_contact_starts_on_the_case_audits(client, sent, people):
    client.force_login(sent["contributor"])
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("case_audits:overview", args=[sent["inspection"].reference])
    # Someone who is a contact starts on their (one current) inspection's page.
    client.force_login(_user_for(people.dcs))
    assert client.get(reverse("home"))["Location"] == reverse("inspections:detail", args=[sent["inspection"].reference])


def test_the_coordinators_next_step_is_the_return_until_it_is_in_and_says_when_it_is_late(client, sent, clock):
    from tests.helpers import london

    inspection = sent["inspection"]
    client.force_login(sent["coordinator"])
    page = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    overview = reverse("case_audits:overview", args=[inspection.reference])
    assert f'<a class="govuk-link" href="{overview}">Submit the area&#x27;s joint case-audit return</a>' in page
    assert "It is late" not in page

    clock.move_to(london(2016, 3, 7, 9, 0))  # the deadline (Friday 4 March) has passed
    client.force_login(sent["coordinator"])  # a new day, a new session
    page = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    assert "Submit the area&#x27;s joint case-audit return" in page
    assert "It is late: submit it as soon as you can" in page

    sent["request"].status = "submitted"
    sent["request"].save()
    page = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    assert "Submit the area&#x27;s joint case-audit return" not in page


@pytest.mark.parametrize("page", ["case_audits:contributors", "case_audits:nominate"])
def test_an_email_address_too_long_to_keep_is_refused_with_the_field_named(client, sent, people, lead, page):
    inspection = sent["inspection"]
    client.force_login(lead)
    people_before, contributors_before = people.dcs.__class__.objects.count(), Contributor.objects.count()
    police = people.police.agency_id
    response = client.post(
        reverse(page, args=[inspection.reference]),
        {"agency": police, "name": "Long Address", "email": "a" * 250 + "@northshire.example.org"},
    )
    assert response.status_code == 400
    assert "Email address must be 254 characters or fewer" in response.content.decode()
    assert response.context["form"].errors["email"]
    assert (people.dcs.__class__.objects.count(), Contributor.objects.count()) == (people_before, contributors_before)


def test_the_case_audit_deadline_reads_the_same_on_the_request_page_as_on_the_inspection_page(client, sent):
    # Due at 5pm on Friday 4 March 2016: the day and the time, the same in both places and in the e-mail.
    inspection = sent["inspection"]
    client.force_login(sent["coordinator"])
    overview = client.get(reverse("case_audits:overview", args=[inspection.reference])).content.decode()
    detail = client.get(reverse("inspections:detail", args=[inspection.reference])).content.decode()
    assert "Friday 4 March 2016 at 5pm" in overview
    assert "Friday 4 March 2016" in detail and "5pm" in detail


def test_no_select_offers_dashes_for_a_choice(client, sent, lead):
    inspection = sent["inspection"]
    client.force_login(lead)
    for page in ("case_audits:contributors", "inspections:contacts"):
        text = client.get(reverse(page, args=[inspection.reference])).content.decode()
        assert "<select" in text
        assert "---------" not in text
    contributors = client.get(reverse("case_audits:contributors", args=[inspection.reference])).content.decode()
    assert '<option value="" selected>Choose the agency</option>' in contributors


def test_the_progress_page_says_what_each_evaluation_and_document_is_at_in_words(client, sent, lead):
    from inspections.case_audits.models import AgencyEvaluation
    from inspections.case_audits.selectors import scope_areas

    from .helpers import full_answers, pdf

    inspection, coordinator = sent["inspection"], sent["coordinator"]
    request = sent["request"]
    evaluation = AgencyEvaluation.objects.filter(case__request=request).order_by("pk").first()
    services.evaluation_save(
        user=coordinator,
        access=access(coordinator, inspection),
        evaluation=evaluation,
        answers=full_answers(scope_areas()),
        done=True,
    )
    document = request.documents.order_by("pk").first()
    services.document_save(user=coordinator, access=access(coordinator, inspection), document=document, upload=pdf())
    client.force_login(lead)
    page = client.get(reverse("case_audits:progress", args=[inspection.reference])).content.decode()
    assert 'govuk-tag--green">Done</strong>' in page
    assert 'govuk-tag--grey">Not started</strong>' in page
    assert 'govuk-tag--green">Uploaded</strong>' in page
    assert 'govuk-tag--grey">Not uploaded yet</strong>' in page
    assert ">In<" not in page and ">Missing<" not in page


def test_the_case_audit_pages_lead_back_to_the_inspections_case_audits(client, sent, lead):
    """Each of these pages extends case_audits/page.html, the one home of its back link."""
    inspection, request = sent["inspection"], sent["request"]
    ref = inspection.reference
    overview = reverse("case_audits:overview", args=[ref])
    case = request.cases.get(reference="SG-001")
    client.force_login(lead)
    for page in (
        reverse("case_audits:progress", args=[ref]),
        reverse("case_audits:access_log", args=[ref]),
        reverse("case_audits:contributors", args=[ref]),
        reverse("case_audits:case", args=[ref, case.pk]),
    ):
        text = client.get(page).content.decode()
        assert f'<a href="{overview}" class="govuk-back-link">Back</a>' in text, page
    client.force_login(sent["coordinator"])
    text = client.get(reverse("case_audits:submit", args=[ref])).content.decode()
    assert f'<a href="{overview}" class="govuk-back-link">Back</a>' in text


def test_the_lead_buttons_views_carry_their_services_names_for_tracebacks():
    assert (request_views.request_send.__name__, returns_views.accept_late.__name__) == ("request_send", "late_accept")
