"""The same area is not planned twice for one week, a repeat within the configured months is warned
of without giving away a secret inspection, and the planning form sent twice plans once."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from inspections.models import FrameworkVersion, Inspection
from inspections.services import inspection_preview, inspection_transition
from inspections.services.planning import inspection_reschedule
from jtai.errors import DomainError
from tests.helpers import plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db
PLAN_URL = reverse("inspections:plan")


@pytest.fixture
def first(planned_inspection):
    """Northshire, on site from Monday 7 March 2016, led by `lead`."""
    return planned_inspection


def lead_of(inspection):
    return inspection.team.get(is_lead=True).inspector


def test_a_second_inspection_in_an_overlapping_week_is_refused_naming_it_to_its_team(first, people):
    with pytest.raises(DomainError) as refused:
        plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 9), lead=lead_of(first))
    assert refused.value.field == "onsite_start"
    assert f"{first.reference} is on site in Northshire from 7 March 2016 to 11 March 2016" in refused.value.message


def test_a_week_on_site_that_shares_only_one_day_with_another_is_refused(first, people):
    # The first is on site Monday 7 to Friday 11 March 2016; a second from Friday 11 March would
    # have both teams in the area that Friday.
    with pytest.raises(DomainError) as refused:
        plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 11), lead=lead_of(first))
    assert f"{first.reference} is on site in Northshire from 7 March 2016 to 11 March 2016" in refused.value.message


def test_the_new_inspections_own_fieldwork_length_decides_the_overlap(people):
    """A longer week on site reaches the other inspection even when the other's framework is shorter."""
    ofsted_only = plan_inspection(
        people=people, onsite_start=datetime.date(2016, 3, 14), framework="ofsted-targeted-2016"
    )
    # Not yet used by any inspection, so its rules may still change: ten working days on site,
    # from Monday 7 March to Friday 18 March.
    FrameworkVersion.objects.filter(slug="jtai-2016").update(fieldwork_working_days=10)
    with pytest.raises(DomainError) as refused:
        plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 7), lead=lead_of(ofsted_only))
    assert refused.value.field == "onsite_start"
    other = f"{ofsted_only.reference} is on site in Northshire from 14 March 2016 to 18 March 2016"
    assert other in refused.value.message


def test_a_planner_who_cannot_see_the_other_inspection_learns_neither_its_reference_nor_dates(first, people):
    stranger = factories.InspectorFactory()
    with pytest.raises(DomainError) as refused:
        plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 7), lead=stranger)
    assert refused.value.field == "onsite_start"
    assert "Another inspection of this area is planned for an overlapping week" in refused.value.message
    assert first.reference not in refused.value.message and "March" not in refused.value.message


def test_a_cancelled_inspection_does_not_hold_the_week(first, people):
    inspection_transition(user=lead_of(first).user, inspection=first, name="cancel")
    second = plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 7), lead=lead_of(first))
    assert second.pk != first.pk


def test_moving_the_week_onto_another_inspection_of_the_area_is_refused(first, people):
    later = plan_inspection(people=people, onsite_start=datetime.date(2016, 6, 6), lead=lead_of(first))
    with pytest.raises(DomainError) as refused:
        inspection_reschedule(user=lead_of(first).user, inspection=later, onsite_start=datetime.date(2016, 3, 7))
    assert refused.value.field == "onsite_start"


def _warnings(*, viewer, area, onsite_start):
    preview = inspection_preview(framework=factories.framework(), onsite_start=onsite_start, viewer=viewer, area=area)
    return [w.message for w in preview.warnings if w.code == "area_repeat"]


def test_a_repeat_within_twelve_months_is_warned_of_naming_it_to_those_who_see_it(first, people, manager):
    on = datetime.date(2016, 11, 7)
    # Today is 1 February 2016: the other week on site is still to come.
    assert _warnings(viewer=manager.user, area=people.area, onsite_start=on) == [
        f"{first.reference} is to be on site in Northshire from 7 March 2016, within 12 months of this one."
    ]
    assert _warnings(viewer=lead_of(first).user, area=people.area, onsite_start=on) == [
        f"{first.reference} is to be on site in Northshire from 7 March 2016, within 12 months of this one."
    ]
    # Another inspector may not know of it: the warning names nothing.
    assert _warnings(viewer=factories.InspectorFactory().user, area=people.area, onsite_start=on) == [
        "Another inspection of this area is planned or took place within 12 months."
    ]
    assert _warnings(viewer=manager.user, area=people.area, onsite_start=datetime.date(2017, 3, 13)) == []


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (datetime.date(2016, 3, 4), "is to be on site"),
        (datetime.date(2016, 3, 9), "is on site"),
        (datetime.date(2016, 6, 1), "was on site"),
    ],
)
def test_the_other_week_on_site_is_told_in_the_tense_of_today(first, people, manager, clock, today, said):
    clock.move_to(datetime.datetime.combine(today, datetime.time(9)))
    (warning,) = _warnings(viewer=manager.user, area=people.area, onsite_start=datetime.date(2016, 11, 7))
    assert warning.startswith(f"{first.reference} {said} in Northshire from 7 March 2016")


def test_the_months_are_a_setting(first, people, manager, settings):
    settings.PLANNING_REPEAT_WARNING_MONTHS = 6
    assert _warnings(viewer=manager.user, area=people.area, onsite_start=datetime.date(2016, 11, 7)) == []
    assert len(_warnings(viewer=manager.user, area=people.area, onsite_start=datetime.date(2016, 8, 1))) == 1


def _form(*, area, lead, onsite_start, action="preview", **extra):
    return {
        "area": area.pk,
        "kind": "joint",
        "chosen_because": "rotation",
        "theme": factories.theme().pk,
        "onsite_start_0": str(onsite_start.day),
        "onsite_start_1": str(onsite_start.month),
        "onsite_start_2": str(onsite_start.year),
        "lead": lead.pk,
        "action": action,
        **extra,
    }


def test_the_planning_form_sent_twice_plans_one_inspection(client, clock, ofsted_inspector):
    client.force_login(ofsted_inspector.user)
    area = factories.AreaFactory(name="Croydon")
    shown = client.get(PLAN_URL)
    token = str(shown.context["token"])
    assert f'name="token" value="{token}"' in shown.content.decode()
    data = _form(area=area, lead=ofsted_inspector, onsite_start=datetime.date(2016, 6, 6), token=token)
    preview = client.post(PLAN_URL, data)
    assert preview.context["token"] == shown.context["token"]
    plan = {**data, "action": "plan", "previewed": preview.context["fingerprint"]}
    first = client.post(PLAN_URL, plan)
    again = client.post(PLAN_URL, plan, follow=True)
    (inspection,) = Inspection.objects.all()
    assert first["Location"] == reverse("inspections:detail", args=[inspection.reference])
    assert again.redirect_chain[-1][0] == first["Location"]
    assert f"{inspection.reference} was already planned from this form" in unescape(again.content.decode())


def test_the_plan_button_prevents_a_double_click(client, clock, ofsted_inspector):
    client.force_login(ofsted_inspector.user)
    area = factories.AreaFactory()
    page = client.post(PLAN_URL, _form(area=area, lead=ofsted_inspector, onsite_start=datetime.date(2016, 6, 6)))
    button = page.content.decode().split('value="plan"')[1].split(">")[0]
    assert 'data-prevent-double-click="true"' in button


def test_the_preview_refuses_an_overlapping_week(client, clock, first, people):
    client.force_login(lead_of(first).user)
    page = client.post(PLAN_URL, _form(area=people.area, lead=lead_of(first), onsite_start=datetime.date(2016, 3, 7)))
    assert page.context["form"].errors["onsite_start"] == [
        f"{first.reference} is on site in Northshire from 7 March 2016 to 11 March 2016: "
        "choose a week on site that does not overlap it"
    ]
