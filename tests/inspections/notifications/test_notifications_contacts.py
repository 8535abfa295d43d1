"""Local contacts that change after planning: who is told, when, and what the lead may change."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections.models import ContactRole, Inspection, PersonRole, Stage
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.services.contacts import ContactError, account_save, contact_add, contact_remove, person_save
from inspections.services.stages import inspection_transition
from tests.helpers import lead_of, london, messages
from tests.inspections import factories

K = MessageKind
pytestmark = pytest.mark.django_db

POLICE = "chief@police.example.org"
NOTIFICATION = london(2016, 2, 22, 10, 0)  # on site Monday 7 March 2016


def notify(clock, inspection):
    """The DCS, then everyone recorded, are told at the notification time."""
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    inspection.refresh_from_db()
    assert inspection.stage == Stage.NOTIFIED
    mail.outbox.clear()


def sent_to(address: str) -> list[tuple[str, str]]:
    """(subject, first line) of every e-mail sent to `address`, in the order they went."""
    return [(m.subject, m.body.split("\n\n")[1]) for m in mail.outbox if any(address in to for to in m.to)]


def live(inspection, **filters):
    return [m for m in messages(inspection, **filters) if m.status != MessageStatus.WITHDRAWN]


# A leader recorded after the DCS was told


def test_a_leader_added_after_notification_is_told_at_once_after_the_dcs(clock, people, planned_inspection):
    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(person=people.police))
    notify(clock, planned_inspection)
    assert sent_to(POLICE) == []

    clock.move_to(london(2016, 2, 22, 11, 0))
    contact_add(
        user=lead_of(planned_inspection),
        inspection=planned_inspection,
        person=people.police,
        role=ContactRole.AGENCY_LEADER,
    )

    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    late = live(planned_inspection, recipient_email=POLICE)
    assert {m.kind for m in late} == {
        K.PARTNER_NOTIFICATION,
        K.CONFERENCE_CALL_INVITE,
        K.SETUP_MEETING_INVITE,
        K.FEEDBACK_MEETING_INVITE,
    }
    assert all(m.status == MessageStatus.SCHEDULED and m.due_at <= london(2016, 2, 22, 11, 0) for m in late)
    # Still behind the DCS's message, which has gone, so nothing holds them back.
    assert all(m.after_id == dcs.pk and dcs.status == MessageStatus.SENT for m in late)

    notifications_dispatch()

    assert [subject for subject, _ in sent_to(POLICE)] == [
        f"{planned_inspection.reference}: notification of a joint targeted area inspection of Northshire",
        f"{planned_inspection.reference}: Invitation: conference call with local senior leaders, "
        "Monday 22 February 2016 at 2pm",
        f"{planned_inspection.reference}: Invitation: joint set-up meeting, Monday 7 March 2016 at 9:30am",
        f"{planned_inspection.reference}: Invitation: joint feedback meeting with all agencies, "
        "Friday 11 March 2016 at 2pm",
    ]


def test_a_leader_added_after_the_conference_call_is_invited_only_to_what_is_ahead(clock, people, planned_inspection):
    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(person=people.police))
    notify(clock, planned_inspection)

    clock.move_to(london(2016, 2, 24, 9, 0))
    contact_add(
        user=lead_of(planned_inspection),
        inspection=planned_inspection,
        person=people.police,
        role=ContactRole.AGENCY_LEADER,
    )
    notifications_dispatch()

    assert {m.kind for m in live(planned_inspection, recipient_email=POLICE)} == {
        K.PARTNER_NOTIFICATION,
        K.SETUP_MEETING_INVITE,
        K.FEEDBACK_MEETING_INVITE,
    }
    (notice, invitation, _feedback) = sent_to(POLICE)
    # Told when the DCS was, and not promised an invitation to a call that has taken place.
    assert notice[1].startswith("The Director of Children's Services for Northshire was notified on Monday 22 February")
    assert "Monday 22 February 2016 at 2pm (an invitation follows)" not in mail.outbox[0].body
    assert "joint set-up meeting" in invitation[0]


def test_a_leader_added_once_inspectors_are_on_site_is_invited_only_to_the_feedback_meeting(
    clock, people, planned_inspection
):
    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(person=people.police))
    notify(clock, planned_inspection)

    clock.move_to(london(2016, 3, 7, 12, 0))  # the first day on site, after the set-up meeting
    contact_add(
        user=lead_of(planned_inspection),
        inspection=planned_inspection,
        person=people.police,
        role=ContactRole.AGENCY_LEADER,
    )
    notifications_dispatch()

    # The notification's moment has passed; the feedback meeting is still ahead.
    assert [m.kind for m in live(planned_inspection, recipient_email=POLICE)] == [K.FEEDBACK_MEETING_INVITE]
    assert [subject for subject, _ in sent_to(POLICE)] == [
        f"{planned_inspection.reference}: Invitation: joint feedback meeting with all agencies, "
        "Friday 11 March 2016 at 2pm"
    ]


def test_an_agency_leader_replaced_after_notification_the_new_one_is_told_once(clock, people, planned_inspection):
    paula = factories.PersonFactory(
        name="Paula Police",
        email="paula@police.example.org",
        role=PersonRole.AGENCY_LEADER,
        area=people.area,
        agency=people.police.agency,
    )
    notify(clock, planned_inspection)
    lead = lead_of(planned_inspection)

    clock.move_to(london(2016, 2, 22, 11, 0))
    contact_remove(user=lead, contact=planned_inspection.contacts.get(person=people.police))
    contact_add(user=lead, inspection=planned_inspection, person=paula, role=ContactRole.AGENCY_LEADER)
    notifications_dispatch()

    ref = planned_inspection.reference
    call, setup, feedback = (
        "conference call with local senior leaders, Monday 22 February 2016 at 2pm",
        "joint set-up meeting, Monday 7 March 2016 at 9:30am",
        "joint feedback meeting with all agencies, Friday 11 March 2016 at 2pm",
    )
    assert [subject for subject, _ in sent_to("paula@police.example.org")] == [
        f"{ref}: notification of a joint targeted area inspection of Northshire",
        f"{ref}: Invitation: {call}",
        f"{ref}: Invitation: {setup}",
        f"{ref}: Invitation: {feedback}",
    ]
    # The first leader was told already, and now has the meetings taken out of their calendar.
    assert sorted(subject for subject, _ in sent_to(POLICE)) == [
        f"{ref}: Invitation withdrawn: {call}",
        f"{ref}: Invitation withdrawn: {feedback}",
        f"{ref}: Invitation withdrawn: {setup}",
    ]

    # Putting the first leader back notifies nobody twice; the invitations follow the calendars.
    mail.outbox.clear()
    contact_remove(user=lead, contact=planned_inspection.contacts.get(person=paula))
    contact_add(user=lead, inspection=planned_inspection, person=people.police, role=ContactRole.AGENCY_LEADER)
    notifications_dispatch()
    assert sorted(subject for subject, _ in sent_to(POLICE)) == [
        f"{ref}: Invitation: {call}",
        f"{ref}: Invitation: {feedback}",
        f"{ref}: Invitation: {setup}",
    ]
    assert sorted(subject for subject, _ in sent_to("paula@police.example.org")) == [
        f"{ref}: Invitation withdrawn: {call}",
        f"{ref}: Invitation withdrawn: {feedback}",
        f"{ref}: Invitation withdrawn: {setup}",
    ]
    # A calendar replaces what it holds only for a higher SEQUENCE.
    for event in planned_inspection.calendar_events.all():
        went = list(
            planned_inspection.messages.filter(event=event, recipient_email=POLICE, status=MessageStatus.SENT).order_by(
                "pk"
            )
        )
        assert [m.kind for m in went][1:] == [K.MEETING_CANCELLED, went[0].kind]
        assert [m.ics_sequence for m in went] == sorted({m.ics_sequence for m in went})


def test_a_dcs_recorded_after_notification_is_invited_but_not_notified_again(clock, people, planned_inspection):
    notify(clock, planned_inspection)
    lead = lead_of(planned_inspection)
    interim = factories.PersonFactory(
        name="Ian Interim", email="interim@northshire.example.org", role=PersonRole.DCS, area=people.area
    )

    clock.move_to(london(2016, 2, 22, 11, 0))
    contact_remove(user=lead, contact=planned_inspection.contacts.get(role=ContactRole.DCS))
    contact_add(user=lead, inspection=planned_inspection, person=interim, role=ContactRole.DCS)
    notifications_dispatch()

    # The notification starts the notice once; the new DCS joins the meetings still ahead.
    assert [subject for subject, _ in sent_to("interim@northshire.example.org")] == [
        f"{planned_inspection.reference}: Invitation: conference call with local senior leaders, "
        "Monday 22 February 2016 at 2pm",
        f"{planned_inspection.reference}: Invitation: joint set-up meeting, Monday 7 March 2016 at 9:30am",
        f"{planned_inspection.reference}: Invitation: joint feedback meeting with all agencies, "
        "Friday 11 March 2016 at 2pm",
    ]
    assert [m.kind for m in messages(planned_inspection, kind=K.DCS_NOTIFICATION)] == [K.DCS_NOTIFICATION]


# Closed inspections: the contacts are a record


@pytest.mark.parametrize("stage", [Stage.PUBLISHED, Stage.CANCELLED])
def test_contacts_of_a_closed_inspection_can_be_neither_added_nor_removed(planned_inspection, people, stage):
    Inspection.objects.filter(pk=planned_inspection.pk).update(stage=stage)
    lead = lead_of(planned_inspection)
    contact = planned_inspection.contacts.get(person=people.police)

    with pytest.raises(ContactError, match="its local contacts can no longer change"):
        contact_remove(user=lead, contact=contact)
    with pytest.raises(ContactError, match="its local contacts can no longer change"):
        contact_add(user=lead, inspection=planned_inspection, person=people.police, role=ContactRole.AGENCY_LEADER)

    assert planned_inspection.contacts.filter(pk=contact.pk).exists()


def test_the_contacts_page_of_a_cancelled_inspection_offers_no_changes(client, planned_inspection, people):
    lead = lead_of(planned_inspection)
    inspection_transition(user=lead, inspection=planned_inspection, name="cancel")
    contact = planned_inspection.contacts.get(person=people.police)
    client.force_login(lead)
    url = reverse("inspections:contacts", args=[planned_inspection.reference])

    page = client.get(url).content.decode()
    assert "is cancelled, so its local contacts can no longer change" in page
    assert reverse("inspections:remove_contact", args=[planned_inspection.reference, contact.pk]) not in page
    assert "Add a local contact" not in page

    response = client.post(
        reverse("inspections:remove_contact", args=[planned_inspection.reference, contact.pk]), follow=True
    )
    assert "its local contacts can no longer change" in response.content.decode()
    assert planned_inspection.contacts.filter(pk=contact.pk).exists()


# People corrected by an admin


@pytest.fixture
def admin_user():
    return factories.UserFactory(username="root", is_staff=True, is_superuser=True)


def test_a_corrected_dcs_address_readdresses_every_unsent_message(planned_inspection, people, admin_user):
    people.dcs.email = "dana.director@northshire.example.org"
    person_save(user=admin_user, person=people.dcs)

    assert {m.recipient_email for m in live(planned_inspection, contact__person=people.dcs)} == {
        "dana.director@northshire.example.org"
    }
    assert {m.kind for m in live(planned_inspection, contact__person=people.dcs)} >= {
        K.DCS_NOTIFICATION,
        K.CONFERENCE_CALL_INVITE,
        K.SETUP_MEETING_INVITE,
    }


def test_a_leader_told_at_a_wrong_address_is_told_again_at_the_corrected_one(
    clock, planned_inspection, people, admin_user
):
    notify(clock, planned_inspection)
    clock.move_to(london(2016, 2, 22, 11, 0))

    people.police.email = "peter.police@police.example.org"
    person_save(user=admin_user, person=people.police)
    notifications_dispatch()

    assert len(sent_to("peter.police@police.example.org")) == 4
    # Nothing else went again.
    assert {to for m in mail.outbox for to in m.to} == {"Peter Police <peter.police@police.example.org>"}


def test_a_closed_inspection_keeps_its_messages_when_a_person_changes(planned_inspection, people, admin_user):
    lead = lead_of(planned_inspection)
    inspection_transition(user=lead, inspection=planned_inspection, name="cancel")
    before = list(planned_inspection.messages.values_list("pk", "recipient_email", "status"))

    people.dcs.email = "dana.director@northshire.example.org"
    person_save(user=admin_user, person=people.dcs)

    assert list(planned_inspection.messages.values_list("pk", "recipient_email", "status")) == before


def test_only_someone_allowed_to_change_people_may_save_one(planned_inspection, people):
    people.dcs.email = "mallory@example.org"

    with pytest.raises(PermissionDenied):
        person_save(user=lead_of(planned_inspection), person=people.dcs)

    people.dcs.refresh_from_db()
    assert people.dcs.email == "dcs@northshire.example.org"


def test_only_someone_allowed_to_change_users_may_change_an_inspectors_address(planned_inspection):
    lead = lead_of(planned_inspection)
    lead.email = "mallory@example.org"

    with pytest.raises(PermissionDenied):
        account_save(user=lead, account=lead)

    lead.refresh_from_db()
    assert lead.email == "lead@ofsted.example.org"
    assert "mallory@example.org" not in {m.recipient_email for m in messages(planned_inspection)}


# Someone taken off after their invitations went


SETUP_WHEN = "joint set-up meeting, Monday 7 March 2016 at 9:30am"
FEEDBACK_WHEN = "joint feedback meeting with all agencies, Friday 11 March 2016 at 2pm"
CALL_WHEN = "conference call with local senior leaders, Monday 22 February 2016 at 2pm"


def ics_of(email) -> str:
    name, content, mimetype = email.attachments[0]
    return content.decode() if isinstance(content, bytes) else content


def test_a_leader_removed_after_the_invitations_went_has_the_meetings_still_ahead_cancelled(
    clock, people, planned_inspection
):
    notify(clock, planned_inspection)
    clock.move_to(london(2016, 2, 24, 9, 0))  # the conference call has taken place

    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(person=people.police))

    # A cancellation for each meeting still ahead, due now; nothing for the call that is past.
    cancellations = live(planned_inspection, kind=K.MEETING_CANCELLED)
    assert {(c.recipient_email, c.event.key) for c in cancellations} == {
        (POLICE, "setup_meeting"),
        (POLICE, "feedback_meeting"),
    }
    assert all(c.due_at == london(2016, 2, 24, 9, 0) for c in cancellations)
    assert set(live(planned_inspection, recipient_email=POLICE, status=MessageStatus.SCHEDULED)) == set(cancellations)

    notifications_dispatch()

    # Nobody else hears of it: the others' invitations still stand.
    assert {m.to[0] for m in mail.outbox} == {"Peter Police <chief@police.example.org>"}
    (email,) = [m for m in mail.outbox if "set-up" in m.subject]
    assert email.to == ["Peter Police <chief@police.example.org>"]
    assert email.subject == f"{planned_inspection.reference}: Invitation withdrawn: {SETUP_WHEN}"
    assert "You are no longer invited to the joint set-up meeting" in email.body
    text = ics_of(email)
    assert "METHOD:CANCEL" in text
    assert f"UID:{planned_inspection.reference}-setup-meeting@jtai.notifications" in text
    assert "SEQUENCE:1" in text  # above the SEQUENCE:0 of the invitation it replaces


def test_a_dcs_removed_after_the_invitations_went_has_every_meeting_cancelled(clock, people, planned_inspection):
    notify(clock, planned_inspection)
    clock.move_to(london(2016, 2, 22, 11, 0))

    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(role=ContactRole.DCS))
    notifications_dispatch()

    assert sorted(subject for subject, _ in sent_to("dcs@northshire.example.org")) == [
        f"{planned_inspection.reference}: Invitation withdrawn: {CALL_WHEN}",
        f"{planned_inspection.reference}: Invitation withdrawn: {FEEDBACK_WHEN}",
        f"{planned_inspection.reference}: Invitation withdrawn: {SETUP_WHEN}",
    ]
    assert len(mail.outbox) == 3


def test_a_leader_removed_before_anything_went_gets_no_cancellation(clock, people, planned_inspection):
    assert {m.kind for m in live(planned_inspection, recipient_email=POLICE)} == {
        K.PARTNER_NOTIFICATION,
        K.CONFERENCE_CALL_INVITE,
        K.SETUP_MEETING_INVITE,
        K.FEEDBACK_MEETING_INVITE,
    }

    contact_remove(user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(person=people.police))

    assert {m.status for m in messages(planned_inspection, recipient_email=POLICE)} == {MessageStatus.WITHDRAWN}
    assert messages(planned_inspection, kind=K.MEETING_CANCELLED) == []
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    assert sent_to(POLICE) == []


def test_a_coordinator_removed_gets_no_more_reminders_the_dcs_does(clock, people, planned_inspection):
    notify(clock, planned_inspection)

    contact_remove(
        user=lead_of(planned_inspection), contact=planned_inspection.contacts.get(role=ContactRole.DCS_COORDINATOR)
    )

    # Told at notification; nothing more is to go to them.
    assert [m.kind for m in live(planned_inspection, recipient_email="coordinator@northshire.example.org")] == [
        K.COORDINATOR_NOTIFICATION
    ]
    assert (
        messages(
            planned_inspection, recipient_email="coordinator@northshire.example.org", status=MessageStatus.SCHEDULED
        )
        == []
    )
    reminders = live(planned_inspection, kind__in=[K.CASE_AUDIT_REMINDER, K.FACTUAL_ACCURACY_REMINDER])
    assert reminders and {m.recipient_email for m in reminders} == {"dcs@northshire.example.org"}
    assert messages(planned_inspection, kind=K.MEETING_CANCELLED) == []  # the coordinator was never invited


def test_a_leader_removed_and_put_back_before_the_cancellation_went_is_sent_nothing(clock, people, planned_inspection):
    notify(clock, planned_inspection)
    clock.move_to(london(2016, 2, 22, 11, 0))
    lead = lead_of(planned_inspection)

    contact_remove(user=lead, contact=planned_inspection.contacts.get(person=people.police))
    contact_add(user=lead, inspection=planned_inspection, person=people.police, role=ContactRole.AGENCY_LEADER)

    assert {m.status for m in messages(planned_inspection, kind=K.MEETING_CANCELLED)} == {MessageStatus.WITHDRAWN}
    notifications_dispatch()
    assert mail.outbox == []


def test_postponing_does_not_cancel_twice_for_someone_already_uninvited(clock, people, planned_inspection):
    notify(clock, planned_inspection)
    clock.move_to(london(2016, 2, 22, 11, 0))
    lead = lead_of(planned_inspection)
    contact_remove(user=lead, contact=planned_inspection.contacts.get(person=people.police))
    notifications_dispatch()
    mail.outbox.clear()

    inspection_transition(user=lead, inspection=planned_inspection, name="postpone")
    notifications_dispatch()

    assert sent_to(POLICE) == []
    assert sorted(subject for subject, _ in sent_to("dcs@northshire.example.org")) == [
        f"{planned_inspection.reference}: Cancelled: {CALL_WHEN}",
        f"{planned_inspection.reference}: Cancelled: {FEEDBACK_WHEN}",
        f"{planned_inspection.reference}: Cancelled: {SETUP_WHEN}",
        f"{planned_inspection.reference}: the joint targeted area inspection of Northshire is postponed",
    ]
