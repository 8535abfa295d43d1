"""Planning records why the area was chosen, the proportionality decision of an Ofsted-only
inspection, and warns of another framework's inspection of the area."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.areas.intelligence import other_evaluation_record
from inspections.areas.models import EvaluationKind
from inspections.models import ChosenBecause
from inspections.services.planning import inspection_plan, inspection_preview
from jtai.errors import DomainError
from tests.inspections import factories

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2016, 6, 6)


def _plan(lead, area, framework="ofsted-targeted-2016", **choice):
    return inspection_plan(
        user=lead.user,
        area=area,
        theme=factories.theme(),
        framework=factories.framework(framework),
        onsite_start=MONDAY,
        lead=lead,
        team=[],
        concern="Missing children are not interviewed on return" if framework == "ofsted-targeted-2016" else "",
        **choice,
    )


def test_an_ofsted_only_plan_records_why_not_a_full_inspection_and_who_decided(clock, ofsted_inspector, manager):
    area = factories.AreaFactory()
    inspection = _plan(
        ofsted_inspector,
        area,
        chosen_because=ChosenBecause.CONCERN,
        proportionality_decision="The concern is the front door alone",
        proportionality_decided_by=manager,
    )
    assert inspection.chosen_because == ChosenBecause.CONCERN
    assert inspection.proportionality_decision == "The concern is the front door alone"
    assert inspection.proportionality_decided_by == manager


@pytest.mark.parametrize(
    "choice, field, message",
    [
        ({"chosen_because": ""}, "chosen_because", "Choose why this area was chosen"),
        (
            {"chosen_because": ChosenBecause.ROTATION},
            "chosen_because",
            "An Ofsted-only inspection is for an area where concerns have been identified: choose Concern",
        ),
        (
            {"chosen_because": ChosenBecause.CONCERN},
            "proportionality_decision",
            "Enter why a full inspection of the local authority would be disproportionate",
        ),
        (
            {"chosen_because": ChosenBecause.CONCERN, "proportionality_decision": "Only the council"},
            "proportionality_decided_by",
            "Choose the manager who made the proportionality decision",
        ),
    ],
)
def test_an_ofsted_only_plan_without_its_reasons_is_refused(clock, ofsted_inspector, choice, field, message):
    with pytest.raises(DomainError) as refused:
        _plan(ofsted_inspector, factories.AreaFactory(), **choice)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_the_proportionality_decision_is_a_managers(clock, ofsted_inspector):
    with pytest.raises(DomainError) as refused:
        _plan(
            ofsted_inspector,
            factories.AreaFactory(),
            chosen_because=ChosenBecause.CONCERN,
            proportionality_decision="Only the council",
            proportionality_decided_by=ofsted_inspector,
        )
    assert refused.value.field == "proportionality_decided_by"
    assert "is not an inspectorate manager" in refused.value.message


def test_a_joint_plan_records_no_proportionality_decision(clock, ofsted_inspector, manager):
    with pytest.raises(DomainError) as refused:
        _plan(
            ofsted_inspector,
            factories.AreaFactory(),
            framework="jtai-2016",
            chosen_because=ChosenBecause.GOOD_PRACTICE,
            proportionality_decision="Only the council",
        )
    assert refused.value.field == "proportionality_decision"
    joint = _plan(ofsted_inspector, factories.AreaFactory(), framework="jtai-2016", chosen_because="good_practice")
    assert joint.get_chosen_because_display() == "Good practice to learn from and share"


def test_planning_warns_of_another_frameworks_inspection_within_the_months(clock, settings, manager):
    settings.PLANNING_REPEAT_WARNING_MONTHS = 24
    area = factories.AreaFactory(name="Oxfordshire")
    other_evaluation_record(
        user=manager.user,
        area=area,
        kind=EvaluationKind.INSPECTION,
        title="SIF inspection",
        date=datetime.date(2014, 6, 9),
    )
    # A peer review is no inspection: planning does not warn of it.
    other_evaluation_record(
        user=manager.user,
        area=area,
        kind=EvaluationKind.PEER_REVIEW,
        title="Peer review",
        date=datetime.date(2015, 6, 1),
    )

    def warnings(onsite_start):
        preview = inspection_preview(
            framework=factories.framework(), onsite_start=onsite_start, viewer=manager.user, area=area
        )
        return [w.message for w in preview.warnings if w.code == "area_repeat_other_framework"]

    assert warnings(MONDAY) == [
        "Oxfordshire had another inspection, “SIF inspection”, on 9 June 2014, within 24 months of this one."
    ]
    assert warnings(datetime.date(2016, 6, 13)) == []


def test_the_plan_page_takes_the_area_chosen_from_the_list(client, clock, manager):
    area = factories.AreaFactory(name="Oxfordshire")
    client.force_login(manager.user)
    page = client.get(reverse("inspections:plan"), {"area": area.pk, "chosen_because": "rotation"}).content.decode()
    areas = page.split('name="area"')[1].split("</select>")[0]
    (option,) = re.findall(rf'<option[^>]*value="{area.pk}"[^>]*>', areas)
    assert "selected" in option
    (radio,) = re.findall(r'<input[^>]*value="rotation"[^>]*>', page)
    assert "checked" in radio
