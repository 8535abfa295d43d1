"""The LSCB is among "all local senior leaders": its chair is told after the DCS and invited
to the meetings, on a joint inspection and on an Ofsted-only one ("the council and its LSCB")."""

import io

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from inspections.models import ContactRole, Inspection, PersonRole
from inspections.notifications import demo as demo_notifications
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.emails import render
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.services.contacts import contact_remove
from tests.helpers import london, messages, plan_inspection
from tests.inspections import factories

K = MessageKind
pytestmark = pytest.mark.django_db
NOTIFICATION = london(2016, 2, 22, 10, 0)
CHAIR = "chair@lscb.example.org"


def to(email) -> str:
    return email.to[0].rsplit("<", 1)[-1].rstrip(">")


def test_planning_records_the_areas_lscb_chair(planned_inspection, people):
    chair = planned_inspection.contacts.get(role=ContactRole.LSCB_CHAIR)
    assert chair.person == people.lscb
    assert chair.agency == people.lscb.agency


def test_planning_records_no_chair_when_the_area_names_two(clock, people):
    factories.PersonFactory(
        name="Second Chair", role=PersonRole.LSCB_CHAIR, area=people.area, agency=people.lscb.agency
    )
    inspection = plan_inspection(people=people)
    assert not inspection.contacts.filter(role=ContactRole.LSCB_CHAIR).exists()


def test_the_chair_is_told_after_the_dcs_and_invited_to_both_meetings(planned_inspection):
    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    (chair,) = messages(planned_inspection, kind=K.PARTNER_NOTIFICATION, recipient_email=CHAIR)
    assert chair.after_id == dcs.pk
    assert chair.contact.role == ContactRole.LSCB_CHAIR
    assert chair.key == "r1:partner_notification:lscb_chair"
    for kind in (K.CONFERENCE_CALL_INVITE, K.SETUP_MEETING_INVITE):
        (invite,) = messages(planned_inspection, kind=kind, recipient_email=CHAIR)
        assert invite.after_id == dcs.pk


def test_the_dispatcher_sends_the_chair_their_notification_and_invitations_after_the_dcs(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()

    sent = [to(m) for m in mail.outbox]
    assert sent[0] == "dcs@northshire.example.org"
    to_chair = [m for m in mail.outbox if to(m) == CHAIR]
    assert len(to_chair) == 4  # the notification and the three invitations
    assert sent.index(CHAIR) > 0
    notification = to_chair[0]
    assert "As chair of Northshire LSCB, you are now being told too." in notification.body
    assert "senior leader of" not in notification.body
    assert {m.attachments[0][0] for m in to_chair[1:]} == {"invite.ics"}


def test_the_dcs_is_told_that_the_lscb_chair_follows(planned_inspection):
    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    body = render(dcs).body
    assert "The senior leaders of the other local agencies involved and the chair of the local safeguarding" in body


def test_on_an_ofsted_only_inspection_the_council_and_its_lscb_are_told(clock, people):
    inspection = plan_inspection(people=people, framework="ofsted-targeted-2016")

    (chair,) = messages(inspection, kind=K.PARTNER_NOTIFICATION)
    assert (chair.recipient_email, chair.contact.role) == (CHAIR, ContactRole.LSCB_CHAIR)
    for kind in (K.CONFERENCE_CALL_INVITE, K.SETUP_MEETING_INVITE):
        invited = {m.recipient_email for m in messages(inspection, kind=kind)}
        assert CHAIR in invited
        assert "chief@police.example.org" not in invited
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert "The council's own senior leaders and the chair of its local safeguarding children board" in render(dcs).body
    assert "other local agencies" not in render(dcs).body


def test_the_lead_records_the_lscb_chair_on_the_local_contacts_page(client, planned_inspection, people):
    lead = planned_inspection.team.get(is_lead=True).inspector.user
    contact_remove(user=lead, contact=planned_inspection.contacts.get(role=ContactRole.LSCB_CHAIR))
    scheduled = {"kind": K.PARTNER_NOTIFICATION, "recipient_email": CHAIR, "status": MessageStatus.SCHEDULED}
    assert not messages(planned_inspection, **scheduled)
    client.force_login(lead)
    url = reverse("inspections:contacts", args=[planned_inspection.reference])
    assert "LSCB chair" in client.get(url).content.decode()

    response = client.post(url, {"person": people.lscb.pk, "role": ContactRole.LSCB_CHAIR})

    assert response.status_code == 302
    assert planned_inspection.contacts.get(role=ContactRole.LSCB_CHAIR).person == people.lscb
    assert messages(planned_inspection, **scheduled)


def test_only_someone_recorded_as_an_lscb_chair_can_be_the_chair(client, planned_inspection, people):
    lead = planned_inspection.team.get(is_lead=True).inspector.user
    contact_remove(user=lead, contact=planned_inspection.contacts.get(role=ContactRole.LSCB_CHAIR))
    client.force_login(lead)

    response = client.post(
        reverse("inspections:contacts", args=[planned_inspection.reference]),
        {"person": people.police.pk, "role": ContactRole.LSCB_CHAIR},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Peter Police is not recorded as an LSCB chair" in page
    assert not planned_inspection.contacts.filter(role=ContactRole.LSCB_CHAIR).exists()


def test_the_rutland_demo_tells_its_lscb_chair(mailoutbox):
    with time_machine.travel(london(2026, 3, 4, 11, 0, 20), tick=False) as clock:
        out = io.StringIO()
        demo_notifications.load(out)
        inspection = Inspection.objects.get(area__name="Rutland")
        chair = inspection.contacts.get(role=ContactRole.LSCB_CHAIR)
        assert chair.person.email == "chair@lrlscb.example"
        assert "then the LSCB chair and 2 agency leaders" in out.getvalue()
        clock.move_to(london(2026, 3, 4, 11, 3))
        notifications_dispatch()
    assert "Gill Hutton <chair@lrlscb.example>" in {m.to[0] for m in mailoutbox[1:4]}
