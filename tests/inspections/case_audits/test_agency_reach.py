"""A contributor's reach on a case their agency shares with another: their own agency's
evaluation, the case's files, and nothing of the other agency's evaluation nor of the
inspectorates' samples. Anything outside it is the same 404 as a page that does not exist."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from inspections.case_audits import services
from inspections.case_audits.models import AgencyEvaluation, Attachment, CaseSample
from inspections.models import Agency
from tests.factories import UserFactory

from .conftest import pdf_bytes
from .helpers import access, request_with_cases

pytestmark = pytest.mark.django_db

HEALTH_SAYS = "Health saw the child at the walk-in centre on 3 May."
SAMPLE_SAYS = "The inspectors found the strategy meeting late by a week."


@pytest.fixture
def shared(notified, people, lead):
    """SG-001 is shared by the police and health; SG-003 is health's alone. A police contributor
    has a log-in; health has written its evaluation of SG-001; each case has a file; the team has
    sampled SG-001."""
    request = request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    people.coordinator.user = UserFactory(username="coordinator")
    people.coordinator.save()
    coordinator = people.coordinator.user
    police = Agency.objects.get(pk=people.police.agency_id)
    health = Agency.objects.get(pk=people.health.agency_id)
    added = services.contributor_add(
        user=coordinator, access=access(coordinator, notified), agency=police, name="Paula P", email="paula@x.org"
    )
    added.person.user = UserFactory(username="paula")
    added.person.save()
    both, health_only = request.cases.get(reference="SG-001"), request.cases.get(reference="SG-003")
    AgencyEvaluation.objects.filter(case=both, agency=health).update(
        answers={"front-door": {"what_happened": HEALTH_SAYS}}
    )
    files = {}
    for case in (both, health_only):
        attachment = Attachment(
            case=case, agency=health, original_name=f"{case.reference}.pdf", content_type="application/pdf", size=45
        )
        attachment.file.save(f"{case.reference}.pdf", ContentFile(pdf_bytes()))
        files[case.reference] = attachment
    CaseSample.objects.create(
        case=both,
        inspectorate=lead.inspector.inspectorate,
        answers={"front-door": SAMPLE_SAYS},
        evidence=SAMPLE_SAYS,
        recorded_by=lead,
    )
    return {
        "ref": notified.reference,
        "contributor": added.person.user,
        "coordinator": coordinator,
        "lead": lead,
        "police": police,
        "health": health,
        "both": both,
        "health_only": health_only,
        "files": files,
    }


def _evaluation_url(s, agency):
    return reverse("case_audits:evaluation", args=[s["ref"], s["both"].pk, agency.pk])


def test_a_contributor_reads_their_own_agencys_evaluation_and_not_the_other_agencys(client, shared):
    s = shared
    client.force_login(s["contributor"])
    assert client.get(_evaluation_url(s, s["police"])).status_code == 200
    case_page = client.get(reverse("case_audits:case", args=[s["ref"], s["both"].pk]))
    assert case_page.status_code == 200
    assert _evaluation_url(s, s["health"]) not in case_page.text
    other = client.get(_evaluation_url(s, s["health"]))
    assert other.status_code == 404
    assert HEALTH_SAYS not in other.text


def test_a_contributor_cannot_change_the_other_agencys_evaluation(client, shared):
    s = shared
    client.force_login(s["contributor"])
    response = client.post(_evaluation_url(s, s["health"]), {"front-door__what_happened": "Changed by the police."})
    assert response.status_code == 404
    answers = AgencyEvaluation.objects.get(case=s["both"], agency=s["health"]).answers
    assert answers == {"front-door": {"what_happened": HEALTH_SAYS}}


def test_the_coordinator_and_the_team_read_every_agencys_evaluation(client, shared):
    s = shared
    for user in (s["coordinator"], s["lead"]):
        client.force_login(user)
        for agency in (s["police"], s["health"]):
            assert client.get(_evaluation_url(s, agency)).status_code == 200, (user, agency)


def test_a_contributor_downloads_the_files_of_a_case_their_agency_is_in_and_no_other(client, shared):
    s = shared
    client.force_login(s["contributor"])
    on_shared = client.get(reverse("case_audits:attachment", args=[s["ref"], s["files"]["SG-001"].pk]))
    assert on_shared.status_code == 200
    assert b"".join(on_shared.streaming_content) == pdf_bytes()
    health_only = client.get(reverse("case_audits:attachment", args=[s["ref"], s["files"]["SG-003"].pk]))
    assert health_only.status_code == 404


def test_a_contributor_never_sees_the_inspectorates_samples(client, shared):
    s = shared
    client.force_login(s["contributor"])
    case_page = client.get(reverse("case_audits:case", args=[s["ref"], s["both"].pk]))
    assert case_page.status_code == 200 and SAMPLE_SAYS not in case_page.text
    assert client.get(reverse("case_audits:sample", args=[s["ref"], s["both"].pk])).status_code == 404
    client.force_login(s["coordinator"])
    assert SAMPLE_SAYS not in client.get(reverse("case_audits:case", args=[s["ref"], s["both"].pk])).text
    assert client.get(reverse("case_audits:sample", args=[s["ref"], s["both"].pk])).status_code == 404
    client.force_login(s["lead"])
    assert SAMPLE_SAYS in client.get(reverse("case_audits:case", args=[s["ref"], s["both"].pk])).text
