"""The planning service and its preview: the seed's rules on programmes, the Ofsted-only concern,
teams, one week of fieldwork, and dates that make sense."""

import datetime

import pytest

from inspections.models import ContactRole, Inspection, PersonRole, Programme
from inspections.services.contacts import contact_remove
from inspections.services.planning import inspection_plan, inspection_preview, inspection_warnings
from jtai.errors import DomainError
from tests.helpers import area_with_people, choice_for, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2016, 3, 7)


@pytest.fixture
def lead_inspector(db):
    return factories.InspectorFactory(user__first_name="Helen", user__last_name="Carter")


@pytest.fixture
def cqc(db):
    return factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )


def plan(lead, *, framework="jtai-2016", team=(), programme=None, concern="", onsite_start=MONDAY):
    return inspection_plan(
        user=lead.user,
        area=factories.AreaFactory(),
        theme=factories.theme(),
        framework=factories.framework(framework),
        onsite_start=onsite_start,
        lead=lead,
        team=list(team),
        programme=programme,
        concern=concern,
        **choice_for(framework, lead),
    )


def codes(preview) -> dict[str, str]:
    return {w.code: w.message for w in preview.warnings}


# 1. Ofsted-only inspections are not part of the JTAI programme


def test_an_ofsted_only_inspection_cannot_be_planned_into_the_joint_programme(clock, lead_inspector):
    with pytest.raises(DomainError) as refused:
        plan(
            lead_inspector,
            framework="ofsted-targeted-2016",
            programme=Programme.objects.get(slug="jtai-2016"),
            concern="Rising missing-children referrals",
        )
    assert refused.value.field == "programme"
    assert refused.value.message == (
        "First programme: February to September 2016 holds joint targeted area inspections: Ofsted-only "
        "targeted inspections are not part of it. Choose a programme of this kind, or “Not part of a programme”"
    )
    assert not Inspection.objects.exists()


def test_a_joint_inspection_cannot_join_a_programme_of_ofsted_only_inspections(clock, lead_inspector):
    ofsted_only = Programme.objects.create(
        slug="oti-2016", kind="ofsted_only", name="Ofsted-only 2016", starts_on=MONDAY, ends_on=MONDAY.replace(month=12)
    )
    with pytest.raises(DomainError) as refused:
        plan(lead_inspector, programme=ofsted_only)
    assert refused.value.field == "programme"


def test_an_ofsted_only_plan_records_the_concern_that_prompted_it(clock, lead_inspector):
    with pytest.raises(DomainError) as refused:
        plan(lead_inspector, framework="ofsted-targeted-2016", concern="  ")
    assert (refused.value.field, refused.value.message) == (
        "concern",
        "Enter the concern that prompted this Ofsted-only inspection",
    )
    inspection = plan(lead_inspector, framework="ofsted-targeted-2016", concern=" Front-door screening is not done \n")
    assert inspection.concern == "Front-door screening is not done"
    assert inspection.programme is None


def test_a_joint_plan_refuses_a_concern(clock, lead_inspector):
    with pytest.raises(DomainError) as refused:
        plan(lead_inspector, concern="Something")
    assert refused.value.field == "concern"
    assert not Inspection.objects.exists()


def test_a_programme_counts_its_own_kind_alone(clock):
    programme = Programme.objects.get(slug="jtai-2016")
    manager = factories.InspectorFactory(is_manager=True)
    for month, day in [(3, 7), (4, 11), (5, 16), (6, 13), (7, 11)]:
        factories.InspectionFactory(programme=programme, onsite_start=datetime.date(2016, month, day))
    # An Ofsted-only inspection stored in it before the rule (say by hand) does not fill it.
    factories.InspectionFactory(programme=programme, framework=factories.framework("ofsted-targeted-2016"))
    preview = inspection_preview(
        framework=factories.framework(),
        onsite_start=datetime.date(2016, 9, 12),
        programme=programme,
        viewer=manager.user,
    )
    assert "programme_full" not in codes(preview)
    factories.InspectionFactory(programme=programme, onsite_start=datetime.date(2016, 8, 8))
    preview = inspection_preview(
        framework=factories.framework(),
        onsite_start=datetime.date(2016, 9, 12),
        programme=programme,
        viewer=manager.user,
    )
    assert "already has 6 inspections" in codes(preview)["programme_full"]


# 2. Teams


def test_a_joint_team_without_every_inspectorate_is_warned_of(clock, lead_inspector, cqc):
    preview = inspection_preview(framework=factories.framework(), onsite_start=MONDAY, inspectors=[lead_inspector, cqc])
    assert codes(preview)["inspectorate_missing"] == "No inspector from HMIC or HMI Probation is on the team."
    full = [
        lead_inspector,
        cqc,
        factories.InspectorFactory(inspectorate=factories.inspectorate("hmic")),
        factories.InspectorFactory(inspectorate=factories.inspectorate("hmip")),
    ]
    preview = inspection_preview(framework=factories.framework(), onsite_start=MONDAY, inspectors=full)
    assert "inspectorate_missing" not in codes(preview)


def test_an_ofsted_only_team_is_ofsted_alone(clock, lead_inspector, cqc):
    with pytest.raises(DomainError) as refused:
        plan(lead_inspector, framework="ofsted-targeted-2016", team=[cqc], concern="A concern")
    assert refused.value.field == "team"
    assert "Priya Nair (CQC) cannot be on its team" in refused.value.message
    with pytest.raises(DomainError) as refused:
        plan(cqc, framework="ofsted-targeted-2016", concern="A concern")
    assert refused.value.field == "lead"
    assert refused.value.message.startswith("Only Ofsted inspect on the ")
    assert refused.value.message.endswith(": Priya Nair (CQC) cannot lead it")
    assert not Inspection.objects.exists()


# 3. One week of fieldwork


@pytest.mark.parametrize(
    "day,midweek",
    [
        (datetime.date(2016, 3, 7), False),  # a Monday
        (datetime.date(2016, 5, 31), False),  # Tuesday after the spring bank holiday
        (datetime.date(2016, 3, 9), True),  # a Wednesday
        (datetime.date(2016, 3, 8), True),  # a Tuesday after a working Monday
    ],
)
def test_a_first_day_on_site_that_is_not_the_first_working_day_of_its_week_is_warned_of(clock, day, midweek):
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=day))
    assert ("onsite_start_midweek" in warnings) is midweek
    if midweek:
        assert "is not the first working day of its week" in warnings["onsite_start_midweek"]
        assert "would start on Monday 7 March 2016" in warnings["onsite_start_midweek"]


def test_bank_holidays_in_the_notice_are_said_plainly(clock):
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=datetime.date(2016, 4, 11)))
    assert warnings["notice_holidays"] == (
        "Good Friday and Easter Monday fall in the notice, so the DCS is told on Thursday 24 March 2016, "
        "a week earlier than usual."
    )
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=datetime.date(2016, 6, 6)))
    assert warnings["notice_holidays"] == (
        "Spring Bank Holiday falls in the notice, so the DCS is told on Friday 20 May 2016, a week earlier than usual."
    )
    assert "notice_holidays" not in codes(inspection_preview(framework=factories.framework(), onsite_start=MONDAY))


def test_once_the_area_is_told_the_notification_is_not_said_to_move(clock):
    preview = inspection_preview(
        framework=factories.framework(), onsite_start=datetime.date(2016, 4, 11), already_notified=True
    )
    assert "notice_holidays" not in codes(preview)


# Bad dates


@pytest.mark.parametrize("day", [datetime.date(9999, 12, 27), datetime.date(1, 1, 1), datetime.date(1999, 12, 31)])
def test_a_first_day_on_site_outside_any_sensible_plan_is_refused(clock, lead_inspector, people, day):
    with pytest.raises(DomainError) as refused:
        inspection_preview(framework=factories.framework(), onsite_start=day)
    assert (refused.value.field, refused.value.message) == (
        "onsite_start",
        "The first day on site must be between 1 January 2000 and 1 February 2021",
    )
    with pytest.raises(DomainError):
        plan(lead_inspector, onsite_start=day)
    planned = plan_inspection(people=people, lead=lead_inspector)
    from inspections.services import inspection_reschedule

    with pytest.raises(DomainError) as refused:
        inspection_reschedule(user=lead_inspector.user, inspection=planned, onsite_start=day)
    assert refused.value.field == "onsite_start"


def test_a_week_on_site_that_a_bank_holiday_pushes_into_the_next_week_is_warned_of_with_the_nearest_week(clock):
    # Good Friday (25 March 2016) and Easter Monday push five days from Monday 21 March to Tuesday 29 March.
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=datetime.date(2016, 3, 21)))
    assert warnings["fieldwork_spans_weeks"] == (
        "Good Friday and Easter Monday fall in the week on site, so the fieldwork runs into the next week, "
        "from Monday 21 March 2016 to Tuesday 29 March 2016. "
        "The nearest week that holds it is the one starting Monday 14 March 2016."
    )
    # After the spring bank holiday the week starts on Tuesday and has four working days.
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=datetime.date(2016, 5, 31)))
    assert warnings["fieldwork_spans_weeks"].startswith("Spring Bank Holiday falls in the week on site")
    assert warnings["fieldwork_spans_weeks"].endswith("the one starting Monday 6 June 2016.")
    warnings = codes(inspection_preview(framework=factories.framework(), onsite_start=MONDAY))
    assert "fieldwork_spans_weeks" not in warnings


# 4. Who is told: a joint inspection needs its DCS, coordinator and the partners' leaders recorded


def test_planning_a_joint_inspection_warns_when_the_area_records_no_dcs_or_partner_leader(clock):
    full = area_with_people(name="Eastshire")
    preview = inspection_preview(framework=factories.framework(), onsite_start=MONDAY, area=full.area)
    assert "contacts_missing" not in codes(preview)

    vacant = area_with_people(name="Westshire", with_dcs=False)
    vacant.health.role = PersonRole.DCS_COORDINATOR  # health has no leader on record
    vacant.health.agency = None
    vacant.health.save()
    preview = inspection_preview(framework=factories.framework(), onsite_start=MONDAY, area=vacant.area)
    assert codes(preview)["contacts_missing"] == (
        "Westshire's area records no DCS, DCS coordinator or health senior leader: whoever is not recorded "
        "is not told. Record them on the inspection page before the notification."
    )
    # The chief executive, on record, covers the vacant post: told first in the DCS's place.
    factories.PersonFactory(name="Chris Chief", role=PersonRole.CHIEF_EXECUTIVE, area=vacant.area)
    preview = inspection_preview(framework=factories.framework(), onsite_start=MONDAY, area=vacant.area)
    assert codes(preview)["contacts_missing"].startswith(
        "Westshire's area records no DCS coordinator or health senior leader:"
    )
    # The council alone is told of an Ofsted-only inspection.
    preview = inspection_preview(
        framework=factories.framework("ofsted-targeted-2016"), onsite_start=MONDAY, area=vacant.area
    )
    assert "contacts_missing" not in codes(preview)

    # Once planned, the inspection's own contacts count: the police leader removed is missed.
    inspection = plan_inspection(people=full)
    lead = inspection.team.get(is_lead=True).inspector.user
    assert "contacts_missing" not in {w.code for w in inspection_warnings(inspection=inspection, viewer=lead)}
    police = inspection.contacts.get(role=ContactRole.AGENCY_LEADER, agency__kind="police")
    contact_remove(user=lead, contact=police)
    warnings = {w.code: w.message for w in inspection_warnings(inspection=inspection, viewer=lead)}
    assert warnings["contacts_missing"].startswith(f"{inspection.reference} records no police senior leader:")
