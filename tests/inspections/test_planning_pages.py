"""The planning page: its errors, the preview with its warnings, and saving what was previewed."""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Inspection, Inspector, Programme, Theme
from tests.inspections import factories

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PLAN_URL = reverse("inspections:plan")


@pytest.fixture(autouse=True)
def early_2016():
    # Before the first programme's notifications, so no "already passed" warning unless a test wants one.
    with time_machine.travel(datetime.datetime(2016, 1, 4, 9, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def planner(client, ofsted_inspector):
    client.force_login(ofsted_inspector.user)
    return ofsted_inspector


def form_data(
    *, area, onsite_start, lead, team=(), kind="joint", theme=None, action="preview", programme=None, concern=None
):
    if concern is None:
        concern = "Missing-children referrals have doubled" if kind == "ofsted_only" else ""
    return {
        "concern": concern,
        "programme": programme.pk if programme else "",
        "area": area.pk,
        "kind": kind,
        "theme": (theme or factories.theme()).pk,
        "onsite_start_0": str(onsite_start.day),
        "onsite_start_1": str(onsite_start.month),
        "onsite_start_2": str(onsite_start.year),
        "lead": lead.pk,
        "team": [i.pk for i in team],
        "action": action,
        "chosen_because": "concern" if kind == "ofsted_only" else "rotation",
        **(ofsted_only_decision() if kind == "ofsted_only" else {}),
    }


def ofsted_only_decision() -> dict:
    manager = Inspector.objects.filter(is_manager=True).first() or factories.InspectorFactory(is_manager=True)
    return {"proportionality_decision": "The concern is the council's alone", "proportionality_decided_by": manager.pk}


def text(response) -> str:
    return unescape(response.content.decode())


def test_preview_shows_the_timeline_and_the_bank_holidays_in_the_notice(client, planner):
    area = factories.AreaFactory(name="Croydon")
    response = client.post(PLAN_URL, form_data(area=area, onsite_start=datetime.date(2016, 4, 11), lead=planner))
    page = text(response)
    assert "Timeline preview" in page
    # Good Friday and Easter Monday fall in the notice: the notification moves back to Thursday.
    assert "Thursday 24 March 2016" in page
    assert "Friday 25 March 2016: Good Friday" in page
    assert "Monday 28 March 2016: Easter Monday" in page
    assert "Monday 11 April 2016" in page
    assert "Plan inspection" in page
    assert not Inspection.objects.exists()


def test_preview_without_bank_holidays_says_so(client, planner):
    response = client.post(
        PLAN_URL, form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    )
    page = text(response)
    assert "Monday 22 February 2016" in page
    assert "None: the notice period has no bank holiday or closure." in page


def test_preview_warns_when_an_inspector_is_already_on_site_that_week(client, planner):
    busy = factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    other = factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7), lead=False)
    other.team.create(inspector=busy, is_lead=True)
    response = client.post(
        PLAN_URL,
        form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 9), lead=planner, team=[busy]),
    )
    page = text(response)
    # The planner is not on that team: the clash is told, the inspection stays secret.
    assert "Priya Nair is already on site for another inspection from 7 March 2016 to 11 March 2016." in page
    assert other.reference not in page


def test_a_manager_planning_sees_which_inspection_clashes(client):
    manager = factories.InspectorFactory(is_manager=True)
    busy = factories.InspectorFactory(user__first_name="Priya", user__last_name="Nair")
    other = factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7), lead=busy)
    client.force_login(manager.user)
    response = client.post(
        PLAN_URL,
        form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 9), lead=busy),
    )
    assert f"Priya Nair is already on site for {other.reference} from 7 March 2016 to 11 March 2016." in text(response)


def test_preview_warns_when_the_notification_date_has_passed(client, planner):
    with time_machine.travel(datetime.datetime(2016, 2, 23, 9, 0, tzinfo=LONDON), tick=False):
        client.force_login(planner.user)  # the session from early January has expired by now
        response = client.post(
            PLAN_URL, form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
        )
    assert "The notification date, Monday 22 February 2016, has already passed" in text(response)


@pytest.mark.parametrize(
    "day,reason",
    [
        (datetime.date(2016, 3, 5), "The first day on site Saturday 5 March 2016 is not a working day (a weekend)."),
        (
            datetime.date(2016, 3, 28),
            "The first day on site Monday 28 March 2016 is not a working day (Easter Monday).",
        ),
        (datetime.date(2016, 12, 27), "Tuesday 27 December 2016 is not a working day (Christmas Day (observed))."),
    ],
)
def test_an_onsite_start_that_is_not_a_working_day_is_a_field_error(client, planner, day, reason):
    response = client.post(PLAN_URL, form_data(area=factories.AreaFactory(), onsite_start=day, lead=planner))
    page = text(response)
    assert "There is a problem" in page
    assert reason in page
    assert 'href="#id_onsite_start_0"' in page
    assert "Timeline preview" not in page


def test_a_day_an_admin_closed_is_not_a_working_day(client, planner):
    from inspections.models import NonWorkingDay

    NonWorkingDay.objects.create(date=datetime.date(2016, 3, 7), reason="Office move")
    response = client.post(
        PLAN_URL, form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    )
    assert "Monday 7 March 2016 is not a working day (a non-working day)." in text(response)


def test_missing_fields_each_get_a_message_linked_to_their_input(client, planner):
    response = client.post(PLAN_URL, {"action": "preview"})
    page = text(response)
    assert response.context["page_title"].startswith("Error: ")
    for anchor, message in [
        ("id_area", "Choose the local area to inspect"),
        ("id_kind_1", "Choose the kind of inspection"),
        ("id_theme_1", "Choose the deep-dive theme"),
        ("id_onsite_start_0", "Enter the first day on site"),
        ("id_lead", "Choose the lead inspector"),
    ]:
        assert f'<a href="#{anchor}">{message}</a>' in page


def test_a_partly_entered_or_impossible_date_is_explained(client, planner):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    data["onsite_start_1"] = ""
    assert "The first day on site must include a month" in text(client.post(PLAN_URL, data))
    data["onsite_start_0"], data["onsite_start_1"] = "30", "2"
    assert "The first day on site must be a real date" in text(client.post(PLAN_URL, data))
    data["onsite_start_0"], data["onsite_start_2"] = "7", "16"
    data["onsite_start_1"] = "3"
    assert "Enter the year of the first day on site as 4 digits, for example 2016" in text(client.post(PLAN_URL, data))


def test_a_theme_not_published_for_the_framework_is_refused(client, planner):
    joint_only = Theme.objects.create(slug="domestic-abuse", name="Domestic abuse")
    joint_only.framework_versions.set([factories.framework("jtai-2016")])
    response = client.post(
        PLAN_URL,
        form_data(
            area=factories.AreaFactory(),
            onsite_start=datetime.date(2016, 3, 7),
            lead=planner,
            kind="ofsted_only",
            theme=joint_only,
        ),
    )
    assert "The theme “Domestic abuse” is not published for the Ofsted targeted inspection" in text(response)


def _preview_then_plan(client, data):
    preview = client.post(PLAN_URL, data)
    return client.post(PLAN_URL, {**data, "action": "plan", "previewed": preview.context["fingerprint"]}, follow=True)


def test_planning_saves_the_previewed_inspection_and_shows_its_page(client, planner):
    cqc = factories.InspectorFactory(inspectorate=factories.inspectorate("cqc"))
    area = factories.AreaFactory(name="Croydon")
    data = form_data(area=area, onsite_start=datetime.date(2016, 3, 7), lead=planner, team=[cqc])
    response = _preview_then_plan(client, data)
    inspection = Inspection.objects.get()
    assert re.fullmatch(r"JTAI-2016-\d{3}", inspection.reference)
    assert response.redirect_chain[-1][0] == reverse("inspections:detail", args=[inspection.reference])
    page = text(response)
    notified_on = "the DCS of Croydon is to be notified on Monday 22 February 2016 at 10am."
    assert f"{inspection.reference} planned: {notified_on}" in page
    assert {(m.inspector, m.is_lead) for m in inspection.team.all()} == {(planner, True), (cqc, False)}
    assert inspection.milestones.count() == 11


def test_an_ofsted_only_inspection_takes_the_ofsted_framework_and_its_reference(client, planner):
    data = form_data(
        area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner, kind="ofsted_only"
    )
    _preview_then_plan(client, data)
    inspection = Inspection.objects.get()
    assert inspection.framework.slug == "ofsted-targeted-2016"
    assert re.fullmatch(r"OTI-2016-\d{3}", inspection.reference)


def test_changing_the_details_after_the_preview_previews_again_and_saves_nothing(client, planner):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    preview = client.post(PLAN_URL, data)
    changed = {**data, "onsite_start_0": "14", "action": "plan", "previewed": preview.context["fingerprint"]}
    response = client.post(PLAN_URL, changed)
    assert "You changed the details after the last preview." in text(response)
    assert "Monday 29 February 2016" in text(response)
    assert not Inspection.objects.exists()


def test_an_inspector_cannot_plan_an_inspection_they_are_not_on(client, planner):
    someone_else = factories.InspectorFactory()
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=someone_else)
    response = _preview_then_plan(client, data)
    assert "You must be on the team of an inspection you plan." in text(response)
    assert not Inspection.objects.exists()


def test_the_page_starts_with_the_planner_as_lead(client, planner):
    response = client.get(PLAN_URL)
    assert response.context["form"].initial["lead"] == planner
    assert "Preview timeline" in text(response)
    assert "Plan inspection</button>" not in text(response)


def test_a_clash_is_told_once_for_the_lead(client, planner):
    other = factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7), lead=planner)
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    page = text(client.post(PLAN_URL, data))
    assert page[page.index('id="preview"') :].count(f"is already on site for {other.reference}") == 1


def test_the_lead_ticked_as_another_inspector_too_is_refused_on_the_team(client, planner):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner, team=[planner])
    response = client.post(PLAN_URL, data)
    assert response.context["form"].errors["team"] == [
        f"{planner.name} is the lead inspector: untick them from the other inspectors on the team"
    ]
    assert 'href="#id_team' in text(response)


def _theme_radios(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="theme"[^>]*>', page)


def test_the_only_theme_is_chosen_already(client, planner):
    (radio,) = _theme_radios(text(client.get(PLAN_URL)))
    assert "checked" in radio
    Theme.objects.create(name="Neglect", slug="neglect", published_on=datetime.date(2016, 1, 1)).framework_versions.set(
        [factories.framework()]
    )
    radios = _theme_radios(text(client.get(PLAN_URL)))
    assert len(radios) == 2 and not any("checked" in r for r in radios)


def test_the_date_hint_is_a_monday_in_the_coming_weeks(client, planner):
    # 4 January 2016 (a Monday): six weeks on is Monday 15 February 2016.
    assert "for example 15 2 2016." in text(client.get(PLAN_URL))


def test_references_say_nothing_of_how_many_inspections_were_planned(clock):
    from inspections.services.planning import _next_reference

    framework = factories.framework()
    references = []
    for _ in range(30):
        reference = _next_reference(framework, 2027)
        factories.InspectionFactory(reference=reference)
        references.append(reference)
    assert all(re.fullmatch(r"JTAI-2027-\d{3}", r) for r in references)
    assert len(set(references)) == 30
    # Drawn at random from the free numbers, not counted up in planning order.
    assert references != [f"JTAI-2027-{n:03d}" for n in range(1, 31)]


@pytest.mark.parametrize("field", ["team", "lead", "area", "programme"])
def test_an_id_too_large_for_any_database_is_a_form_error(client, clock, field):
    lead = factories.InspectorFactory()
    client.force_login(lead.user)
    response = client.post(PLAN_URL, {field: "9" * 30, "action": "preview"})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Inspection.objects.exists()


# The seed's rules on the planning page


def test_the_plan_page_asks_for_the_concern_of_an_ofsted_only_inspection(client, planner):
    page = text(client.get(PLAN_URL))
    assert '<textarea class="govuk-textarea" id="id_concern"' in page
    assert "Only for an Ofsted-only inspection." in page
    data = form_data(
        area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner, kind="ofsted_only"
    )
    data["concern"] = ""
    page = text(client.post(PLAN_URL, data))
    assert '<a href="#id_concern">Enter the concern that prompted this Ofsted-only inspection</a>' in page
    assert "Timeline preview" not in page


def test_the_plan_page_offers_only_programmes_of_the_chosen_kind(client, planner):
    programme = Programme.objects.get(slug="jtai-2016")

    def offered(data) -> list:
        choices = client.post(PLAN_URL, data).context["form"].fields["programme"].choices
        return [str(value) for value, _ in choices]

    joint = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    assert str(programme.pk) in offered(joint)
    ofsted_only = {**joint, "kind": "ofsted_only", "concern": "A concern"}
    assert str(programme.pk) not in offered(ofsted_only)
    # Sent anyway (the kind changed after choosing it): refused on the programme field.
    page = text(client.post(PLAN_URL, {**ofsted_only, "programme": programme.pk}))
    assert '<a href="#id_programme">First programme: February to September 2016 holds joint targeted' in page
    assert "Timeline preview" not in page


def test_an_ofsted_only_inspection_is_planned_with_its_concern_and_no_programme(client, planner):
    data = form_data(
        area=factories.AreaFactory(),
        onsite_start=datetime.date(2016, 3, 7),
        lead=planner,
        kind="ofsted_only",
        concern="Return-home interviews are not done",
    )
    _preview_then_plan(client, data)
    inspection = Inspection.objects.get()
    assert (inspection.concern, inspection.programme) == ("Return-home interviews are not done", None)


def test_a_concern_typed_for_a_joint_inspection_is_not_kept(client, planner):
    data = form_data(
        area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner, concern="Left over"
    )
    _preview_then_plan(client, data)
    assert Inspection.objects.get().concern == ""


def test_an_ofsted_only_team_with_another_inspectorate_is_refused_on_the_page(client, planner):
    cqc = factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    data = form_data(
        area=factories.AreaFactory(),
        onsite_start=datetime.date(2016, 3, 7),
        lead=planner,
        team=[cqc],
        kind="ofsted_only",
    )
    page = text(client.post(PLAN_URL, data))
    assert '<a href="#id_team_1">Only Ofsted inspect on the' in page
    assert "Priya Nair (CQC) cannot be on its team" in page


def test_the_preview_warns_of_missing_inspectorates_and_holidays_in_the_notice(client, planner):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 4, 11), lead=planner)
    page = text(client.post(PLAN_URL, data))
    assert 'data-warning="inspectorate_missing"' in page
    assert "No inspector from CQC, HMIC or HMI Probation is on the team." in page
    assert 'data-warning="notice_holidays"' in page
    assert (
        "Good Friday and Easter Monday fall in the notice, so the DCS is told on Thursday 24 March 2016, "
        "a week earlier than usual."
    ) in page
    assert 'data-warning="onsite_start_midweek"' not in page


def test_the_preview_warns_of_a_midweek_first_day_on_site(client, planner):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 9), lead=planner)
    page = text(client.post(PLAN_URL, data))
    assert 'data-warning="onsite_start_midweek"' in page
    assert (
        "Wednesday 9 March 2016 is not the first working day of its week, so the fieldwork runs into the next "
        "week, to Tuesday 15 March 2016. The framework's one week on site would start on Monday 7 March 2016."
    ) in page


@pytest.mark.parametrize("year", ["9999", "0001", "1999"])
def test_a_year_far_off_is_a_field_error_not_a_server_error(client, planner, year):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    data["onsite_start_2"] = year
    response = client.post(PLAN_URL, data)
    assert response.status_code == 400
    assert (
        '<a href="#id_onsite_start_0">The first day on site must be between 1 January 2000 and 4 January 2021</a>'
        in text(response)
    )


@pytest.mark.parametrize(
    ("day", "month", "year"), [("99999999999", "3", "2016"), ("7", "99999999999999", "2016"), ("7", "3", "9" * 20)]
)
def test_numbers_too_big_for_a_date_are_explained_not_a_server_error(client, planner, day, month, year):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    data.update(onsite_start_0=day, onsite_start_1=month, onsite_start_2=year)
    response = client.post(PLAN_URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors["onsite_start"]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("part", "typed", "message"),
    [
        (0, "x", "First day on site must be a real date: the day must be a number, like 7"),
        (1, "March", "First day on site must be a real date: the month must be a number from 1 to 12, like 3"),
        (2, "twenty", "First day on site must be a real date: the year must be a number, like 2016"),
    ],
)
def test_a_date_typed_in_words_says_which_date_and_which_part_is_wrong(client, planner, part, typed, message):
    data = form_data(area=factories.AreaFactory(), onsite_start=datetime.date(2016, 3, 7), lead=planner)
    data[f"onsite_start_{part}"] = typed
    page = text(client.post(PLAN_URL, data))
    assert message in page
    assert "Enter a valid" not in page
