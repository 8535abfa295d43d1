"""The week on site starts from an inspection on site: planned through the planning service with a
CQC inspector on the team beside the Ofsted lead, notified, and its fieldwork started; the clock on
its second day on site."""

import pytest

from inspections.models import Inspector, Stage
from inspections.services import inspection_transition
from tests.helpers import lead_of, london, plan_inspection
from tests.inspections import factories

ON_SITE = london(2016, 3, 8, 17, 0)  # Tuesday, the second of five days on site (7 to 11 March 2016)


@pytest.fixture
def cqc(db) -> Inspector:
    return factories.InspectorFactory(
        user__username="cqc",
        user__first_name="Cath",
        user__last_name="Carer",
        inspectorate=factories.inspectorate("cqc"),
    )


@pytest.fixture
def on_site(clock, people, cqc):
    inspection = plan_inspection(people=people, team=[cqc])
    lead = lead_of(inspection)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    clock.move_to(london(2016, 3, 7, 9, 0))
    inspection = inspection_transition(user=lead, inspection=inspection, name="start_fieldwork")
    clock.move_to(ON_SITE)
    assert inspection.stage == Stage.ON_SITE
    return inspection


@pytest.fixture
def lead(on_site):
    return lead_of(on_site)
