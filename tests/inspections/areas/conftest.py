"""The areas tests' builders: CSV files in the statistics service's layout and two areas with
their ONS codes; for the written statement of action, an inspection whose letter (three
recommendations: two areas for priority action, one for development) was published on 1 February
2016 (the clock's day), its statement due 70 working days later."""

import datetime

import pytest

from inspections.areas import statements
from inspections.areas.models import Indicator
from inspections.models import AgencyKind
from inspections.reports.selectors import recommendations_of
from tests.helpers import agency, publish_letter
from tests.inspections import factories

HEADER = "time_period,geographic_level,new_la_code,la_name,re_referrals_12m_pc,assessments_within_45_days_pc"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.fixture
def croydon(db):
    return factories.AreaFactory(name="Croydon", ons_code="E09000008", region="London")


@pytest.fixture
def wirral(db):
    return factories.AreaFactory(name="Wirral", ons_code="E08000015", region="North West")


@pytest.fixture
def re_referrals(db):
    return Indicator.objects.get(source_column="re_referrals_12m_pc")


@pytest.fixture
def assessments(db):
    return Indicator.objects.get(source_column="assessments_within_45_days_pc")


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
