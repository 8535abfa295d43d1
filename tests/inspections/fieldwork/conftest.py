"""The week on site starts from an inspection on site: planned through the planning service, with a
CQC inspector on the team beside the Ofsted lead, notified, and its fieldwork started; the clock on
its second day on site."""

import pytest

from inspections.models import Inspector, Stage, TeamMembership
from inspections.services import inspection_transition
from tests.helpers import london
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
def on_site(clock, planned_inspection, lead, cqc):
    """The root conftest's planned inspection (its `lead` the Ofsted lead), with the CQC inspector on
    its team, notified and on site."""
    TeamMembership.objects.create(inspection=planned_inspection, inspector=cqc)
    inspection = inspection_transition(user=None, inspection=planned_inspection, name="notify")
    clock.move_to(london(2016, 3, 7, 9, 0))
    inspection = inspection_transition(user=lead, inspection=inspection, name="start_fieldwork")
    clock.move_to(ON_SITE)
    assert inspection.stage == Stage.ON_SITE
    return inspection
