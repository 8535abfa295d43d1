"""Reads about messages: who holds a meeting in their calendar, and the inspection page's section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageKind, MessageStatus
from inspections.notifications.selectors import holds_meeting, meeting_holders, notifications_panel
from inspections.services.stages import inspection_transition
from tests.helpers import london, messages

pytestmark = pytest.mark.django_db


def _setup_invites(inspection):
    return messages(inspection, kind=MessageKind.SETUP_MEETING_INVITE)


def test_whoever_was_sent_an_invitation_holds_the_meeting_until_a_cancellation_reaches_them(planned_inspection, clock):
    assert meeting_holders(list(planned_inspection.messages.all())) == {}  # nothing has gone yet

    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    invites = _setup_invites(planned_inspection)
    event_id = invites[0].event_id
    holders = meeting_holders(list(planned_inspection.messages.all()))[event_id]
    assert set(holders) == {m.recipient_email.lower() for m in invites}

    inspection_transition(
        user=planned_inspection.team.get().inspector.user, inspection=planned_inspection, name="cancel"
    )
    notifications_dispatch()
    assert event_id not in meeting_holders(list(planned_inspection.messages.all()))


def test_an_invitation_updates_a_calendar_entry_only_for_someone_who_holds_the_meeting(planned_inspection, clock):
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    (dcs_invite,) = [m for m in _setup_invites(planned_inspection) if m.contact and m.contact.role == "dcs"]
    update = Message.objects.create(
        inspection=planned_inspection,
        kind=MessageKind.SETUP_MEETING_INVITE,
        key="test:update",
        recipient_email=dcs_invite.recipient_email.upper(),  # the same mailbox, whatever the case
        event=dcs_invite.event,
        due_at=london(2016, 2, 23, 9, 0),
    )
    stranger = Message.objects.create(
        inspection=planned_inspection,
        kind=MessageKind.SETUP_MEETING_INVITE,
        key="test:new",
        recipient_email="someone.new@northshire.example.org",
        event=dcs_invite.event,
        due_at=london(2016, 2, 23, 9, 0),
    )
    assert holds_meeting(update) is True
    assert holds_meeting(stranger) is False
    assert holds_meeting(dcs_invite) is False  # its own sending is not an earlier invitation


def test_the_panel_is_for_the_team_and_costs_the_same_queries_for_few_or_many_messages(planned_inspection, clock):
    lead = planned_inspection.team.get().inspector.user
    with CaptureQueriesContext(connection) as few:
        panel = notifications_panel(user=lead, inspection=planned_inspection)
    assert panel.visible and panel.can_manage
    assert not panel.failed

    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    Message.objects.filter(inspection=planned_inspection, kind=MessageKind.TEAM_REMINDER).update(
        status=MessageStatus.FAILED, last_error="Refused"
    )
    with CaptureQueriesContext(connection) as many:
        panel = notifications_panel(user=lead, inspection=planned_inspection)
    assert len(many) == len(few)
    assert panel.failed and all(m.kind == MessageKind.TEAM_REMINDER for m in panel.failed)


def test_the_panel_is_invisible_to_local_users(planned_inspection, people):
    from tests.inspections import factories

    people.dcs.user = factories.UserFactory(username="dana")
    people.dcs.save()
    assert notifications_panel(user=people.dcs.user, inspection=planned_inspection).visible is False
