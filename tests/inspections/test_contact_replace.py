"""The core's contact service replaces a contact in any role: the one before is ended, not
deleted, and whoever asks for it (the contacts page, the case audits' nomination) gets the
core's rules about who may stand in the role."""

import pytest

from inspections.case_audits import services as case_audits
from inspections.case_audits.access import Access
from inspections.models import ContactRole, InspectionContact
from inspections.services.contacts import ContactError, contact_replace
from jtai.errors import DomainError
from tests.helpers import messages
from tests.inspections import factories


def test_someone_outside_the_council_cannot_be_nominated_coordinator_and_nothing_changes(
    planned_inspection, people, lead
):
    access = Access(inspection=planned_inspection, team=True, lead=True)
    with pytest.raises(DomainError) as refused:
        case_audits.coordinator_nominate(user=lead, access=access, person=people.police)
    assert (refused.value.field, refused.value.message) == (
        "person",
        "The DCS coordinator works for the council, not Northshire Police.",
    )
    assert planned_inspection.contacts.get(role=ContactRole.DCS_COORDINATOR).person == people.coordinator
    assert not InspectionContact.with_former.former().exists()


def test_replacing_an_agency_leader_ends_the_old_one_and_tells_the_new_one(planned_inspection, people, lead):
    police = people.police.agency
    deputy = factories.PersonFactory(
        name="Dee Deputy", email="deputy@police.example.org", role="agency_leader", area=people.area, agency=police
    )
    contact = contact_replace(user=lead, inspection=planned_inspection, person=deputy, role=ContactRole.AGENCY_LEADER)

    assert planned_inspection.contacts.get(role=ContactRole.AGENCY_LEADER, agency=police) == contact
    old = InspectionContact.with_former.get(inspection=planned_inspection, person=people.police)
    assert old.ended_at is not None
    assert messages(planned_inspection, recipient_email="deputy@police.example.org", status="scheduled")
    assert not messages(planned_inspection, recipient_email="chief@police.example.org", status="scheduled")


def test_the_same_person_again_is_refused(planned_inspection, people, lead):
    with pytest.raises(ContactError, match="Peter Police is already the agency senior leader"):
        contact_replace(user=lead, inspection=planned_inspection, person=people.police, role=ContactRole.AGENCY_LEADER)
