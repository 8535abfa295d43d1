"""The factual-accuracy response is due a set number of working days after the draft letter is
actually sent: when the inspection enters the factual-accuracy check, not the planned draft date."""

import datetime

import pytest

from inspections.models import MilestoneKey
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.services import inspection_transition
from tests.helpers import london, messages

pytestmark = pytest.mark.django_db


def to_reporting(clock, inspection):
    lead = inspection.team.get(is_lead=True).inspector.user
    clock.move_to(london(2016, 2, 22, 10, 0))
    inspection_transition(user=None, inspection=inspection, name="notify")
    clock.move_to(london(2016, 3, 7, 9, 0))
    inspection_transition(user=lead, inspection=inspection, name="start_fieldwork")
    clock.move_to(london(2016, 3, 11, 17, 0))
    inspection_transition(user=lead, inspection=inspection, name="finish_fieldwork")
    return lead


def due(inspection) -> datetime.date:
    return inspection.milestones.get(key=MilestoneKey.FACTUAL_ACCURACY_DUE).date


def reminder(inspection):
    (message,) = messages(inspection, kind=MessageKind.FACTUAL_ACCURACY_REMINDER, status=MessageStatus.SCHEDULED)
    return message


def test_planned_from_the_draft_letters_due_date(planned_inspection):
    # Draft due Tuesday 5 April 2016 (after Easter): response due five working days later.
    assert due(planned_inspection) == datetime.date(2016, 4, 12)


def test_a_draft_sent_late_moves_the_deadline_and_the_coordinators_reminder(clock, planned_inspection):
    lead = to_reporting(clock, planned_inspection)
    clock.move_to(london(2016, 4, 11, 15, 0))  # Monday 11 April, six days after the planned draft

    inspection_transition(user=lead, inspection=planned_inspection, name="start_factual_accuracy")

    assert due(planned_inspection) == datetime.date(2016, 4, 18)
    message = reminder(planned_inspection)
    assert message.recipient_email == "coordinator@northshire.example.org"
    assert message.due_at == london(2016, 4, 14, 9, 0)  # two working days before, at 9am
    assert message.expires_at == london(2016, 4, 19, 0, 0)
    change = planned_inspection.milestones.get(key=MilestoneKey.FACTUAL_ACCURACY_DUE).history.first()
    assert change.history_change_reason == "The draft letter was sent on 11 April 2016"


def test_a_draft_sent_early_brings_the_deadline_forward(clock, planned_inspection):
    lead = to_reporting(clock, planned_inspection)
    clock.move_to(london(2016, 3, 23, 12, 0))  # Wednesday 23 March; Good Friday and Easter Monday follow

    inspection_transition(user=lead, inspection=planned_inspection, name="start_factual_accuracy")

    assert due(planned_inspection) == datetime.date(2016, 4, 1)
    assert reminder(planned_inspection).due_at == london(2016, 3, 30, 9, 0)
    # The planned draft date itself stays as it was planned.
    assert planned_inspection.milestones.get(key=MilestoneKey.DRAFT_LETTER_DUE).date == datetime.date(2016, 4, 5)
