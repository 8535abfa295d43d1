"""Fixtures for the reports tests: an inspection in reporting with a lead, local contacts with
log-ins, a letter with findings and recommendations, and a private media folder of the test's own."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from inspections.models import AgencyKind, ContactRole, Inspection, ScopeArea
from inspections.reports import letters
from inspections.reports.models import Addressee, FindingKind, Priority
from inspections.services import inspection_transition
from tests.factories import UserFactory
from tests.inspections import factories


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@dataclass
class Local:
    dcs: object
    coordinator: object
    police: object
    health: object


def lead_of(inspection: Inspection):
    return inspection.team.get(is_lead=True).inspector.user


def to_reporting(inspection: Inspection) -> Inspection:
    lead = lead_of(inspection)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    for name in ("start_fieldwork", "finish_fieldwork"):
        inspection = inspection_transition(user=lead, inspection=inspection, name=name)
    return inspection


@pytest.fixture
def reporting(planned_inspection):
    return to_reporting(planned_inspection)


@pytest.fixture
def lead(reporting):
    return lead_of(reporting)


@pytest.fixture
def local(people, reporting) -> Local:
    """Log-ins for the area's DCS, coordinator and two agency leaders."""
    users = {}
    for name, person in (
        ("dcs", people.dcs),
        ("coordinator", people.coordinator),
        ("police", people.police),
        ("health", people.health),
    ):
        person.user = UserFactory(username=f"local-{name}")
        person.save()
        users[name] = person.user
    assert reporting.contacts.filter(role=ContactRole.DCS_COORDINATOR).exists()
    return Local(**users)


def scope(n: int) -> ScopeArea:
    return list(ScopeArea.objects.order_by("order"))[n]


def agency(inspection: Inspection, kind: str):
    return inspection.area.agencies.get(kind=kind)


def write_letter(inspection: Inspection, user) -> None:
    """Two findings and three recommendations: two priority actions (one joint, one for the
    police) and one area for development for health."""
    letters.finding_save(
        user=user,
        inspection=inspection,
        scope_area=scope(0),
        kind=FindingKind.STRENGTH,
        headline="Information sharing",
        text="Partners share information quickly.",
        agencies=[agency(inspection, AgencyKind.POLICE)],
    )
    letters.finding_save(
        user=user,
        inspection=inspection,
        scope_area=scope(2),
        kind=FindingKind.IMPROVEMENT,
        headline="Return-home interviews",
        text="Too few missing children are offered an interview.",
        evidence="Case samples 3 and 4",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.PRIORITY_ACTION,
        scope_area=scope(2),
        addressee=Addressee.JOINT,
        text="Offer every missing child a return-home interview.",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.DEVELOPMENT,
        scope_area=scope(1),
        addressee=Addressee.AGENCIES,
        agencies=[agency(inspection, AgencyKind.HEALTH)],
        text="Health staff attend every strategy meeting.",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.PRIORITY_ACTION,
        scope_area=scope(2),
        addressee=Addressee.AGENCIES,
        agencies=[agency(inspection, AgencyKind.POLICE)],
        text="Disrupt the adults who exploit children.",
    )


@pytest.fixture
def written(reporting, lead):
    write_letter(reporting, lead)
    return reporting


@pytest.fixture
def manager_user(db):
    return factories.InspectorFactory(user__username="boss", is_manager=True).user
