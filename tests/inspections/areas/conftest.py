"""The written statement of action's tests: an inspection whose letter (three recommendations: two
areas for priority action, one for development) was published on 1 February 2016 (the clock's
day), its statement due 70 working days later; the builders are tests/helpers.py's."""

import datetime

import pytest

from inspections.areas import statements
from inspections.models import AgencyKind
from inspections.reports.selectors import recommendations_of
from tests.helpers import agency, publish_letter


@pytest.fixture(autouse=True)
def _private_media(private_media):
    return private_media


@pytest.fixture
def published(written, lead, local, clock):
    """Published at the clock's moment, 1 February 2016: the statement is due on Thursday 12 May 2016."""
    return publish_letter(written, lead=lead, coordinator=local.coordinator)


def complete_statement(inspection, user, *, due_on=datetime.date(2016, 4, 1)):
    """One action for each recommendation, the priority ones dated inside the window."""
    for recommendation in recommendations_of(inspection):
        owner = recommendation.agencies.first() or agency(inspection, AgencyKind.LSCB)
        statements.statement_action_save(
            user=user,
            inspection=inspection,
            recommendation=recommendation,
            text=f"We will act on: {recommendation.text}",
            agencies=[owner],
            due_on=due_on,
        )


def statement_sent(inspection, user, *, due_on=datetime.date(2016, 4, 1)):
    """A complete statement, sent by `user` (the DCS or the coordinator)."""
    complete_statement(inspection, user, due_on=due_on)
    return statements.statement_send(user=user, inspection=inspection)
