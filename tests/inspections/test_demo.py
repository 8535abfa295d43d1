"""`load_demo`'s inspections part: a demo programme at every stage, reached through the services."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from inspections import demo
from inspections.models import Agency, Area, Inspection, Person, PersonRole, Stage, StageChange

pytestmark = pytest.mark.django_db

README_ACCOUNTS = {
    "lead.inspector",
    "manager",
    "cqc.inspector",
    "hmic.inspector",
    "probation.inspector",
    "dcs",
    "coordinator",
    "police.leader",
    "merseyside.police",
    "admin",
}
# `analyst` comes from the consultations demo (tests/consultations).


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def load() -> str:
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_six_inspections_at_every_stage_with_their_history():
    output = load()
    inspections = Inspection.objects.order_by("onsite_start")
    assert inspections.count() == 6
    assert [i.stage for i in inspections] == [
        Stage.PUBLISHED,
        Stage.FACTUAL_ACCURACY,
        Stage.REPORTING,
        Stage.ON_SITE,
        Stage.NOTIFIED,
        Stage.PLANNED,
    ]
    assert len({i.area_id for i in inspections}) == 6
    assert {i.framework.kind for i in inspections} == {"joint", "ofsted_only"}
    # The joint ones make the seed's first programme; the Ofsted-only one is no part of it.
    assert {i.programme.slug for i in inspections if i.kind == "joint"} == {"jtai-2016"}
    ofsted_only = inspections.get(framework__kind="ofsted_only")
    assert ofsted_only.programme is None
    assert "missing from home" in ofsted_only.concern
    for inspection in inspections:
        assert inspection.reference in output
        assert inspection.area.name in output
        assert inspection.milestones.count() == 11
    published = inspections.first()
    assert list(published.stage_changes.values_list("to_stage", flat=True)) == [
        Stage.NOTIFIED,
        Stage.ON_SITE,
        Stage.REPORTING,
        Stage.FACTUAL_ACCURACY,
        Stage.PUBLISHED,
    ]
    # The notification is the system's; the lead made the rest.
    assert published.stage_changes.get(to_stage=Stage.NOTIFIED).by is None
    assert published.stage_changes.get(to_stage=Stage.PUBLISHED).by == published.team.get(is_lead=True).inspector.user


def test_joint_teams_span_the_four_inspectorates():
    load()
    joint = Inspection.objects.filter(framework__kind="joint").first()
    assert set(joint.team.values_list("inspector__inspectorate__code", flat=True)) == {"ofsted", "cqc", "hmic", "hmip"}
    assert Inspection.objects.filter(team__inspector__user__username="lead.inspector", team__is_lead=True).count() >= 3


def test_areas_agencies_and_local_contacts():
    load()
    assert all(area.ons_code.startswith("E") and len(area.ons_code) == 9 for area in Area.objects.all())
    assert Agency.objects.filter(areas__isnull=False).count() >= 5
    assert any(agency.areas.count() > 1 for agency in Agency.objects.filter(kind="police"))
    for area in Area.objects.filter(inspections__isnull=False):
        roles = set(area.people.values_list("role", flat=True))
        # Every role the demo areas record; contributors are added by coordinators, not by the areas.
        assert roles >= set(PersonRole.values) - {PersonRole.CONTRIBUTOR}, area
        assert set(area.agencies.values_list("kind", flat=True)) >= {"police", "health", "probation", "yos", "lscb"}
    assert all("@" in email for email in Person.objects.values_list("email", flat=True))


def test_exactly_the_readme_accounts_with_the_demo_password():
    output = load()
    users = get_user_model().objects.all()
    assert set(users.values_list("username", flat=True)) == README_ACCOUNTS
    for username in README_ACCOUNTS:
        assert username in output
        assert authenticate(username=username, password=demo.PASSWORD) is not None
    assert users.get(username="admin").is_superuser


def test_local_demo_accounts_see_their_notified_inspection():
    load()
    dcs = Person.objects.get(user__username="dcs")
    assert dcs.role == PersonRole.DCS
    assert Person.objects.get(user__username="police.leader").agency.kind == "police"
    assert Inspection.objects.get(area=dcs.area).stage == Stage.NOTIFIED


def test_running_it_twice_changes_nothing():
    load()
    before = counts()
    stages = dict(Inspection.objects.values_list("reference", "stage"))
    password = get_user_model().objects.get(username="dcs").password
    second = load()
    assert counts() == before
    assert dict(Inspection.objects.values_list("reference", "stage")) == stages
    assert get_user_model().objects.get(username="dcs").password == password
    assert StageChange.objects.count() == before["inspections.StageChange"]
    assert all(reference in second for reference in stages)


def test_demo_history_is_dated_in_2016_when_each_stage_was_reached():
    load()
    published = Inspection.objects.order_by("onsite_start").first()  # on site Monday 7 March 2016
    reached = {c.to_stage: timezone.localtime(c.at) for c in published.stage_changes.all()}
    assert reached[Stage.NOTIFIED] == timezone.localtime(published.notification_at)
    assert f"{reached[Stage.NOTIFIED]:%Y-%m-%d %H:%M}" == "2016-02-22 10:00"
    assert f"{reached[Stage.ON_SITE]:%Y-%m-%d %H:%M}" == "2016-03-07 09:30"
    assert f"{reached[Stage.PUBLISHED]:%Y-%m-%d}" == published.milestones.get(key="publication_due").date.isoformat()
    assert published.notified_at == published.notification_at


def test_the_command_refuses_to_load_the_demo_with_debug_off(settings):
    settings.DEBUG = False
    before = counts()
    with pytest.raises(CommandError, match="DEBUG is off: this looks like production"):
        call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def test_every_demo_inspection_records_its_areas_lscb_chair():
    load()
    for inspection in Inspection.objects.all():
        chair = inspection.contacts.get(role="lscb_chair")
        assert chair.person.role == PersonRole.LSCB_CHAIR
        assert chair.person.area_id == inspection.area_id


def test_the_demo_factual_accuracy_deadline_counts_from_its_2016_draft():
    load()
    at_check = Inspection.objects.get(stage=Stage.FACTUAL_ACCURACY)
    milestones = dict(at_check.milestones.values_list("key", "date"))
    # The draft went on its planned day in the demo's 2016, so the deadline is the planned one.
    assert milestones["factual_accuracy_due"].year == 2016
    assert milestones["factual_accuracy_due"] > milestones["draft_letter_due"]


def test_one_merseyside_police_log_in_sees_liverpool_and_wirral(client):
    output = load()
    leader = get_user_model().objects.get(username="merseyside.police")
    assert {(p.area.name, p.agency.name) for p in Person.objects.filter(user=leader)} == {
        ("Liverpool", "Merseyside Police"),
        ("Wirral", "Merseyside Police"),
    }
    assert "merseyside.police" in output and "Liverpool and Wirral" in output
    client.force_login(leader)
    page = client.get(reverse("inspections:programme")).text
    seen = {i.reference for i in Inspection.objects.all() if i.reference in page}
    assert {Inspection.objects.get(reference=r).area.name for r in seen} == {"Liverpool", "Wirral"}
    south_glos = Inspection.objects.get(area__name="South Gloucestershire")
    assert client.get(reverse("inspections:detail", args=[south_glos.reference])).status_code == 404


def test_every_area_has_its_councils_childrens_services_led_by_its_dcs():
    load()
    from inspections.notifications import demo as demo_notifications

    demo_notifications.load(io.StringIO())
    for area in Area.objects.all():
        (council,) = area.agencies.filter(kind="council")
        assert council.name == f"{area.name} Children's Services"
        # The DCS leads it: nobody else is recorded as its senior leader.
        assert not Person.objects.filter(agency=council, role=PersonRole.AGENCY_LEADER).exists()


def test_a_name_belongs_to_one_person_so_to_one_area_unless_they_serve_several():
    load()
    from inspections.notifications import demo as demo_notifications

    demo_notifications.load(io.StringIO())
    people: dict[str, set[str]] = {}
    for name, email in Person.objects.values_list("name", "email"):
        people.setdefault(name, set()).add(email)
    assert {name: emails for name, emails in people.items() if len(emails) > 1} == {}
    # The one person in two areas leads an agency serving both.
    for name in {n for n, e in people.items() if Person.objects.filter(name=n).values("area").distinct().count() > 1}:
        (agency,) = {p.agency for p in Person.objects.filter(name=name)}
        assert agency is not None and agency.areas.count() > 1


def test_no_demo_inspection_is_on_site_in_a_week_with_a_bank_holiday_or_over_christmas():
    import datetime

    from inspections.calendar import working_calendar
    from inspections.models import MilestoneKey

    load()
    calendar = working_calendar()
    for inspection in Inspection.objects.all():
        end = inspection.milestones.get(key=MilestoneKey.ONSITE_END).date
        day = inspection.onsite_start - datetime.timedelta(days=inspection.onsite_start.weekday())
        while day <= end:
            if day.weekday() < 5:
                assert calendar.is_working_day(day), (inspection.reference, day)
                assert not ((day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)), inspection
            day += datetime.timedelta(days=1)
