"""A file added to a case by mistake (another child's record, perhaps) is removed before the
return is submitted, by whoever added it or by the coordinator: gone from storage, kept in the
audit trail by name only. Once the return is submitted, the area cannot remove it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections.audit import audit_trail
from inspections.case_audits import services
from inspections.case_audits.models import AgencyEvaluation, Attachment
from inspections.case_audits.selectors import scope_areas
from jtai.errors import DomainError
from tests.factories import UserFactory

from .helpers import access, full_answers, pdf

pytestmark = pytest.mark.django_db


def upload(client, sent, user, name="wrong-child.pdf"):
    case = sent["request"].cases.get(reference="SG-001")
    client.force_login(user)
    url = reverse("case_audits:attachment_add", args=[sent["inspection"].reference, case.pk])
    assert client.post(url, {"file": pdf(name)}).status_code == 302
    return Attachment.objects.get(original_name=name)


def remove_url(sent, attachment):
    return reverse("case_audits:attachment_remove", args=[sent["inspection"].reference, attachment.pk])


@pytest.mark.parametrize("remover", ["contributor", "coordinator"])
def test_the_uploader_or_the_coordinator_removes_it_and_the_file_is_deleted(
    client, sent, private_media, remover, django_capture_on_commit_callbacks
):
    attachment = upload(client, sent, sent["contributor"])
    stored = private_media / attachment.file.name
    assert stored.is_file()
    client.force_login(sent[remover])
    case_page = client.get(reverse("case_audits:case", args=[sent["inspection"].reference, attachment.case_id]))
    assert f'action="{remove_url(sent, attachment)}"' in case_page.content.decode()

    # The file goes once the removal is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(sent, attachment), follow=True)
    assert response.status_code == 200
    assert "“wrong-child.pdf” is removed from case SG-001." in response.content.decode()
    assert not Attachment.objects.exists()
    assert not stored.exists()
    entries = audit_trail(inspection=sent["inspection"], part="Case audits", per_page=500).entries
    (removed,) = [e for e in entries if e.what == "File “wrong-child.pdf”" and e.action == "Deleted"]
    name = sent[remover].get_full_name()
    assert removed.who == name
    assert f"Reason: Removed by {name} before the return was submitted" in removed.changes


def test_another_contributor_of_the_agency_cannot_remove_it(client, sent, people):
    attachment = upload(client, sent, sent["contributor"])
    colleague = UserFactory(username="pat")
    added = services.contributor_add(
        user=sent["coordinator"],
        access=access(sent["coordinator"], sent["inspection"]),
        agency=attachment.case.agencies.get(pk=people.police.agency_id),
        name="Pat Colleague",
        email="pat@x.org",
    )
    added.person.user = colleague
    added.person.save()
    client.force_login(colleague)
    case_page = client.get(reverse("case_audits:case", args=[sent["inspection"].reference, attachment.case_id]))
    assert remove_url(sent, attachment) not in case_page.content.decode()
    assert client.post(remove_url(sent, attachment)).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    # Nor can the team: the return is the area's.
    with pytest.raises(PermissionDenied):
        lead = sent["inspection"].team.get(is_lead=True).inspector.user
        services.attachment_remove(user=lead, access=access(lead, sent["inspection"]), attachment=attachment)


def test_after_submission_the_area_cannot_remove_it(client, sent, private_media):
    attachment = upload(client, sent, sent["coordinator"])
    coordinator, inspection = sent["coordinator"], sent["inspection"]
    mine = access(coordinator, inspection)
    for item in AgencyEvaluation.objects.filter(case__request=sent["request"]):
        services.evaluation_save(
            user=coordinator, access=mine, evaluation=item, answers=full_answers(scope_areas()), done=True
        )
    for document in sent["request"].documents.all():
        services.document_save(user=coordinator, access=mine, document=document, missing_reason="None is kept.")
    services.return_submit(user=coordinator, access=mine)

    client.force_login(coordinator)
    case_page = client.get(reverse("case_audits:case", args=[inspection.reference, attachment.case_id]))
    assert remove_url(sent, attachment) not in case_page.content.decode()
    with pytest.raises((DomainError, PermissionDenied)):
        services.attachment_remove(user=coordinator, access=access(coordinator, inspection), attachment=attachment)
    client.post(remove_url(sent, attachment))
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert (private_media / attachment.file.name).is_file()
