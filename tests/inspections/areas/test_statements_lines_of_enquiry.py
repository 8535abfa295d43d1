"""An accepted written statement of action informs the next inspection of its area: the plan page
and the new inspection's page show the team the previous recommendations and the actions promised,
as lines of enquiry. A statement not yet accepted, or another area's, gives none."""

import datetime

import pytest

from inspections.areas import statements
from tests.helpers import area_with_people, lead_of, plan_inspection
from tests.inspections.areas.conftest import complete_statement
from tests.inspections.test_planning_pages import form_data

pytestmark = pytest.mark.django_db
HEADING = "Lines of enquiry from the last inspection"


@pytest.fixture
def accepted(published, local, lead):
    complete_statement(published, local.coordinator)
    statements.statement_send(user=local.coordinator, inspection=published)
    return published


def next_inspection(previous, people):
    return plan_inspection(
        people=people, onsite_start=datetime.date(2016, 9, 5), lead=previous.team.get(is_lead=True).inspector
    )


def test_the_next_inspections_page_shows_the_team_the_accepted_statements_lines_of_enquiry(
    client, accepted, people, lead, local, manager_user
):
    later = next_inspection(accepted, people)
    page = f"/inspections/{later.reference}/"
    client.force_login(lead)
    assert HEADING not in client.get(page).text  # sent, not yet accepted

    statements.statement_review(user=lead, inspection=accepted, decision="accepted")
    for user in (lead, manager_user):
        client.force_login(user)
        shown = client.get(page).text
        assert HEADING in shown and f"after inspection {accepted.reference}" in shown
        assert "Area for priority action 1: Offer every missing child a return-home interview." in shown
        assert "We will act on: Disrupt the adults who exploit children." in shown
        assert "Northshire Police; by Friday 1 April 2016" in shown
        assert "Area for development 1: Health staff attend every strategy meeting." in shown
    # The earlier inspection's own page does not call its statement a line of enquiry.
    assert HEADING not in client.get(f"/inspections/{accepted.reference}/").text


def test_another_areas_inspection_gets_none(client, accepted, lead):
    statements.statement_review(user=lead, inspection=accepted, decision="accepted")
    elsewhere = plan_inspection(
        people=area_with_people(name="Southshire"),
        onsite_start=datetime.date(2016, 9, 5),
        lead=accepted.team.get(is_lead=True).inspector,
    )
    client.force_login(lead_of(elsewhere))
    assert HEADING not in client.get(f"/inspections/{elsewhere.reference}/").text


def test_the_plan_page_shows_them_once_the_area_is_chosen(client, accepted, people, lead):
    statements.statement_review(user=lead, inspection=accepted, decision="accepted")
    client.force_login(lead)
    inspector = accepted.team.get(is_lead=True).inspector
    preview = client.post(
        "/inspections/plan/", form_data(area=people.area, onsite_start=datetime.date(2016, 9, 5), lead=inspector)
    )
    assert preview.status_code == 200
    assert "Lines of enquiry from the area's last inspection" in preview.text
    assert "We will act on: Offer every missing child a return-home interview." in preview.text
    other = area_with_people(name="Southshire").area
    elsewhere = client.post(
        "/inspections/plan/", form_data(area=other, onsite_start=datetime.date(2016, 9, 5), lead=inspector)
    )
    assert "Lines of enquiry" not in elsewhere.text
