"""An Ofsted-only inspection involves the local authority alone: its case audits name only the
council's own services (and its LSCB), invite nobody else, and let nobody else in."""

from html import unescape

import pytest
from django.urls import reverse

from inspections.case_audits import services
from inspections.case_audits.models import AuditCase, Contributor
from inspections.models import Agency, AgencyKind, PersonRole, Stage
from inspections.notifications.dispatch import notifications_dispatch
from jtai.errors import DomainError
from tests.factories import UserFactory
from tests.helpers import plan_inspection
from tests.inspections import factories

from .conftest import NOTIFICATION
from .helpers import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def ofsted_only(clock, people):
    factories.AgencyFactory(name="Northshire Children's Services", kind=AgencyKind.COUNCIL, areas=[people.area])
    inspection = plan_inspection(people=people, framework="ofsted-targeted-2016")
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    inspection.refresh_from_db()
    assert inspection.stage == Stage.NOTIFIED
    return inspection


@pytest.fixture
def coordinator(people):
    people.coordinator.user = UserFactory(username="coordinator")
    people.coordinator.save()
    return people.coordinator.user


def agency(people, kind):
    return Agency.objects.get(areas=people.area, kind=kind)


def test_the_forms_offer_only_the_council_s_own_services(client, ofsted_only, coordinator):
    lead = ofsted_only.team.get(is_lead=True).inspector.user
    # The coordinator invites contributors; the lead names the cases.
    for user, name in ((coordinator, "contributors"), (lead, "case_add")):
        client.force_login(user)
        page = unescape(client.get(reverse(f"case_audits:{name}", args=[ofsted_only.reference])).content.decode())
        assert "Northshire Children's Services" in page and "Northshire LSCB" in page
        assert "Northshire Police" not in page and "Northshire NHS Trust" not in page


def test_police_or_health_cannot_be_named_on_a_case_nor_invited(ofsted_only, people, coordinator):
    lead = ofsted_only.team.get(is_lead=True).inspector.user
    services.request_save(user=lead, access=access(lead, ofsted_only), cases_number=5, cohort="Children missing.")
    with pytest.raises(DomainError) as refused:
        services.case_add(
            user=lead,
            access=access(lead, ofsted_only),
            reference="SG-001",
            agencies=[agency(people, AgencyKind.COUNCIL), agency(people, AgencyKind.POLICE)],
        )
    assert refused.value.field == "agencies"
    assert refused.value.message == (
        "An Ofsted-only inspection involves the local authority alone: Northshire Police cannot be named on a case."
    )
    with pytest.raises(DomainError) as refused:
        services.contributor_add(
            user=coordinator,
            access=access(coordinator, ofsted_only),
            agency=agency(people, AgencyKind.HEALTH),
            name="Hana H",
            email="hana@nhs.example.org",
        )
    assert refused.value.field == "agency"
    assert "Northshire NHS Trust takes no part in its case audits" in refused.value.message
    assert not AuditCase.objects.filter(request__inspection=ofsted_only).exists()
    assert not Contributor.objects.filter(inspection=ofsted_only).exists()
    # The council's own services take part.
    services.contributor_add(
        user=coordinator,
        access=access(coordinator, ofsted_only),
        agency=agency(people, AgencyKind.COUNCIL),
        name="Cal C",
        email="cal@northshire.example.org",
    )


def test_a_police_contributor_recorded_anyway_is_not_let_in(client, ofsted_only, people):
    person = factories.PersonFactory(
        name="Paula P",
        email="paula@police.example.org",
        role=PersonRole.CONTRIBUTOR,
        area=people.area,
        agency=agency(people, AgencyKind.POLICE),
    )
    person.user = UserFactory(username="paula")
    person.save()
    Contributor.objects.create(inspection=ofsted_only, person=person, agency=person.agency)
    client.force_login(person.user)
    assert client.get(reverse("case_audits:overview", args=[ofsted_only.reference])).status_code == 404
