"""The coordinator, or the DCS until one is named: one rule for a user's roles, for an
inspection's contacts and as a query, and an ended coordinator hands it back to the DCS."""

from inspections.models import ContactRole, InspectionContact
from inspections.services.contacts import contact_remove


def _coordinating(inspection):
    contacts = list(inspection.contacts.select_related("person"))
    by_query = list(
        InspectionContact.with_former.filter(inspection=inspection).filter(InspectionContact.coordinating_q())
    )
    roles_of = {c.person_id: {d.role for d in contacts if d.person_id == c.person_id} for c in contacts}
    named = any(c.role == ContactRole.DCS_COORDINATOR for c in contacts)
    by_roles = [c for c in contacts if InspectionContact.coordinates(roles_of[c.person_id], coordinator_named=named)]
    return InspectionContact.coordinating(contacts), by_query, by_roles


def test_the_named_coordinator_coordinates(planned_inspection, people):
    one, by_query, by_roles = _coordinating(planned_inspection)
    assert one.person == people.coordinator
    assert by_query == by_roles == [one]


def test_the_dcs_coordinates_until_a_coordinator_is_named_and_again_once_they_are_removed(
    planned_inspection, people, lead
):
    contact_remove(user=lead, contact=planned_inspection.contacts.get(role=ContactRole.DCS_COORDINATOR))
    one, by_query, by_roles = _coordinating(planned_inspection)
    assert one.person == people.dcs
    assert by_query == by_roles == [one]


def test_nobody_coordinates_without_a_dcs_or_coordinator(planned_inspection, lead):
    for role in (ContactRole.DCS_COORDINATOR, ContactRole.DCS):
        contact_remove(user=lead, contact=planned_inspection.contacts.get(role=role))
    assert _coordinating(planned_inspection) == (None, [], [])
