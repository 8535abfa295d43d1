import pytest

from inspections.areas.models import Indicator
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
