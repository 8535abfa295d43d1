"""A contact who has acted on an inspection keeps their history when they are replaced or
removed: the page answers, what they wrote still names them, and their part (and access) ends."""

from django.urls import reverse

from inspections.models import ContactRole, InspectionContact
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters
from inspections.reports.models import FactualAccuracyComment
from tests.helpers import london


def _sent(inspection, lead):
    letters.letter_send_draft(user=lead, inspection=inspection)
    inspection.refresh_from_db()
    return inspection


def test_the_dcs_replaces_a_coordinator_who_has_commented(client, written, lead, local, people, clock):
    inspection = _sent(written, lead)
    fa.comment_add(user=local.coordinator, inspection=inspection, paragraph=2, comment="A date is wrong")
    notifications_dispatch()
    sent_to_her = Message.objects.filter(inspection=inspection, contact__person=people.coordinator, status="sent")
    told_before = sorted(sent_to_her.values_list("pk", flat=True))
    assert told_before
    clock.move_to(london(2016, 3, 3, 10, 0))

    client.force_login(local.dcs)
    response = client.post(
        f"/inspections/{inspection.reference}/case-audits/coordinator/",
        {"person": "", "name": "Nina Newman", "email": "nina@northshire.example.org"},
    )

    assert response.status_code == 302
    comment = FactualAccuracyComment.objects.get(letter__inspection=inspection)
    assert comment.contact.person.name == "Cora Coordinator"
    assert sorted(sent_to_her.values_list("pk", flat=True)) == told_before
    assert inspection.contacts.get(role=ContactRole.DCS_COORDINATOR).person.name == "Nina Newman"
    page = client.get(f"/inspections/{inspection.reference}/case-audits/coordinator/").content.decode()
    assert "Cora Coordinator was the DCS coordinator until Thursday 3 March 2016." in page
    client.force_login(lead)
    audit = reverse("inspections:audit", args=[inspection.reference])
    trail = client.get(audit, {"part": "Factual accuracy"}).content.decode()
    assert "Cora Coordinator, DCS coordinator" in trail
    assert "(deleted inspection contact)" not in trail
    client.force_login(local.coordinator)
    assert client.get(f"/inspections/{inspection.reference}/").status_code == 404
    assert client.get(f"/inspections/{inspection.reference}/letter/factual-accuracy/").status_code == 404


def test_the_lead_removes_an_agency_leader_who_has_commented_for_their_agency(
    client, written, lead, local, people, clock
):
    inspection = _sent(written, lead)
    fa.comment_add(user=local.police, inspection=inspection, paragraph=3, comment="Our figures differ")
    leader = inspection.contacts.get(person=people.police)
    clock.move_to(london(2016, 3, 3, 10, 0))

    client.force_login(lead)
    response = client.post(reverse("inspections:remove_contact", args=[inspection.reference, leader.pk]))

    assert response.status_code == 302
    assert FactualAccuracyComment.objects.get(letter__inspection=inspection).contact_id == leader.pk
    assert InspectionContact.with_former.get(pk=leader.pk).person == people.police
    assert not inspection.contacts.filter(person=people.police).exists()
    page = client.get(reverse("inspections:contacts", args=[inspection.reference])).content.decode()
    assert "Peter Police was the agency senior leader for Northshire Police until Thursday 3 March 2016." in page
    client.force_login(local.police)
    assert client.get(f"/inspections/{inspection.reference}/").status_code == 404


def test_an_ended_contact_is_told_nothing_and_a_successor_may_take_the_role(written, lead, local, people):
    from inspections.services.contacts import contact_add, contact_remove

    leader = written.contacts.get(person=people.police)
    contact_remove(user=lead, contact=leader)
    leader = InspectionContact.with_former.get(pk=leader.pk)
    assert not leader.is_told(written)
    assert not InspectionContact.with_former.filter(pk=leader.pk).filter(InspectionContact.told_q()).exists()
    # The role is free again: the same person (or another) may be recorded anew.
    again = contact_add(user=lead, inspection=written, person=people.police, role=ContactRole.AGENCY_LEADER)
    assert again.pk != leader.pk and again.is_told(written)
