"""The sign-in, programme and inspection pages as their users see them."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.calendar import working_calendar
from inspections.models import Programme, Stage
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.sync import notifications_sync
from inspections.services import inspection_transition
from tests.helpers import area_with_people, london, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def text(response) -> str:
    return unescape(response.content.decode())


# Sign in


def test_sign_in_page_is_a_govuk_form(client, db):
    response = client.get(reverse("login"))
    page = text(response)
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert 'autocomplete="current-password"' in page


def test_bad_credentials_get_an_error_summary(client, ofsted_inspector):
    response = client.post(reverse("login"), {"username": "inspector", "password": "wrong"})
    page = text(response)
    assert "There is a problem" in page
    assert '<a href="#id_username">The user name or password is not right. Check them and try again</a>' in page
    assert response.context["user"].is_anonymous


def test_missing_credentials_are_named(client, db):
    page = text(client.post(reverse("login"), {"username": "", "password": ""}))
    assert '<a href="#id_username">Enter your user name or email address</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_an_inspector_signs_in_to_their_inspections(client, ofsted_inspector):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.helpers import totp_code

    response = client.post(
        reverse("login"), {"username": "inspector", "password": "correct horse battery staple"}, follow=True
    )
    # The first sign-in sets up an authenticator app before the inspector is signed in.
    assert response.redirect_chain[-1][0] == reverse("sign_in_set_up")
    device = TOTPDevice.objects.get(user=ofsted_inspector.user)
    page = text(client.post(reverse("sign_in_set_up"), {"code": totp_code(device)}, follow=True))
    assert "Your backup codes" in page and 'href="/"' in page
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("inspections:programme")
    assert "Your inspections" in text(response)


# Programme


def test_programme_groups_by_month_with_stage_and_next_milestone(client, manager, clock):
    march = factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7))
    april = factories.InspectionFactory(onsite_start=datetime.date(2016, 4, 11))
    inspection_transition(user=None, inspection=march, name="notify")
    client.force_login(manager.user)
    page = text(client.get(reverse("inspections:programme")))
    assert page.index("On site in March 2016") < page.index(march.reference) < page.index("On site in April 2016")
    assert page.index("On site in April 2016") < page.index(april.reference)
    assert "Monday 7 March 2016 to Friday 11 March 2016" in page
    assert 'govuk-tag--light-blue">Notified' in page
    # Notified: the conference call has gone by with the notification; next come the case audits.
    assert 'Conference call with local senior leaders<br><span class="jtai-nowrap">Monday 22 February 2016, 2pm' in page
    # Planned: the next milestone is the notification, moved earlier by Easter.
    assert "Notification to the Director of Children's Services<br>" in page
    assert "Thursday 24 March 2016, 10am" in page


def test_a_milestone_whose_date_has_gone_by_is_marked(client, manager):
    factories.InspectionFactory(onsite_start=datetime.date(2016, 3, 7))
    client.force_login(manager.user)
    with time_machine.travel(datetime.datetime(2016, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        client.force_login(manager.user)
        page = text(client.get(reverse("inspections:programme")))
    assert 'Monday 22 February 2016, 10am</span> <strong class="govuk-tag govuk-tag--red" data-overdue>Overdue' in page


def test_programme_filters_by_stage(client, manager):
    planned = factories.InspectionFactory()
    notified = inspection_transition(user=None, inspection=factories.InspectionFactory(), name="notify")
    client.force_login(manager.user)
    page = text(client.get(reverse("inspections:programme"), {"stage": Stage.NOTIFIED}))
    assert notified.reference in page
    assert planned.reference not in page
    assert "Planned (1)" in page
    assert "All stages (2)" in page
    # An unknown stage shows everything rather than an error.
    page = text(client.get(reverse("inspections:programme"), {"stage": "nonsense"}))
    assert planned.reference in page and notified.reference in page


def weeks_on_site(how_many: int) -> list[datetime.date]:
    """Consecutive weeks from March 2016, each starting on its first working day."""
    calendar = working_calendar()
    days = []
    for week in range(how_many):
        day = datetime.date(2016, 3, 7) + datetime.timedelta(weeks=week)
        while not calendar.is_working_day(day):
            day += datetime.timedelta(days=1)
        days.append(day)
    return days


@pytest.mark.parametrize("how_many", [5, 60])
def test_programme_runs_a_fixed_number_of_queries(client, manager, django_assert_num_queries, how_many):
    cqc = factories.InspectorFactory(inspectorate=factories.inspectorate("cqc"))
    first_programme = Programme.objects.get(slug="jtai-2016")
    for day in weeks_on_site(how_many):
        inspection = factories.InspectionFactory(onsite_start=day, programme=first_programme)
        inspection.team.create(inspector=cqc)
    client.force_login(manager.user)
    # Session, user, inspector, has_perm (two), programmes, stage counts, the list's length, one
    # page of inspections, their milestones, failed messages.
    shown = min(how_many, 50)
    with django_assert_num_queries(11):
        response = client.get(reverse("inspections:programme"))
    assert text(response).count('data-reference="') == shown
    with django_assert_num_queries(11):
        response = client.get(reverse("inspections:programme"), {"programme": "jtai-2016", "stage": "planned"})
    assert text(response).count('data-reference="') == shown
    assert f"{how_many} of up to 6 inspections" in text(response)


@pytest.mark.parametrize("how_many", [5, 60])
def test_an_inspectors_programme_runs_a_fixed_number_of_queries(client, django_assert_num_queries, how_many):
    inspector = factories.InspectorFactory()
    for day in weeks_on_site(how_many):
        factories.InspectionFactory(onsite_start=day, lead=inspector)
    client.force_login(inspector.user)
    with django_assert_num_queries(11):
        response = client.get(reverse("inspections:programme"))
    assert text(response).count('data-reference="') == min(how_many, 50)


# Inspection page


def test_inspection_page_shows_timeline_team_and_history(client, clock):
    lead = factories.InspectorFactory(user__first_name="Helen", user__last_name="Carter")
    inspection = factories.InspectionFactory(lead=lead, area__name="Croydon", area__ons_code="E09000008")
    cqc = factories.InspectorFactory(
        user__first_name="Priya", user__last_name="Nair", inspectorate=factories.inspectorate("cqc")
    )
    inspection.team.create(inspector=cqc)
    inspection_transition(user=lead.user, inspection=inspection, name="postpone", reason="Clash with Ofsted SIF")
    client.force_login(lead.user)
    response = client.get(reverse("inspections:detail", args=[inspection.reference]))
    page = text(response)
    assert f'<h1 class="govuk-heading-l">{inspection.reference}</h1>' in page
    assert "Croydon" in page and "E09000008" in page
    assert "Joint targeted area inspection framework 2016" in page
    assert "Child sexual exploitation and children missing from home, care or education" in page
    assert "Due Monday 22 February 2016 at 10am" in page
    rows = {
        "notification": ("Monday 22 February 2016", "10am"),
        "conference_call": ("Monday 22 February 2016", "2pm"),
        "case_audit_deadline": ("Friday 4 March 2016", "5pm"),
        "setup_meeting": ("Monday 7 March 2016", "9:30am"),
        "onsite_end": ("Friday 11 March 2016", None),
    }
    for key, (date, time) in rows.items():
        row = page[page.index(f'data-milestone="{key}"') :].split("</tr>")[0]
        assert date in row
        if time:
            assert f">{time}<" in row
    assert 'Helen Carter, Ofsted <strong class="govuk-tag govuk-tag--blue">Lead inspector</strong>' in page
    assert "Priya Nair, CQC</li>" in page
    assert "Monday 1 February 2016 at 9am" in page
    assert "Planned to Postponed" in page
    assert "Clash with Ofsted SIF" in page
    assert '<button type="submit" name="transition" value="replan"' in page
    assert response.context["page"].history[0].by == lead.user


def test_inspection_page_has_a_place_for_notifications(client, inspection):
    client.force_login(inspection.team.get().inspector.user)
    response = client.get(reverse("inspections:detail", args=[inspection.reference]))
    assert "notifications/_panel.html" in [t.name for t in response.templates]


def _inspection_with(*, name: str, team_size: int, notified: bool):
    """An inspection planned with a team of `team_size` (its lead included). Not notified: no
    agency leaders, so few messages. Notified: every message due at the notification time
    sent or failed, and a stage history."""
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False) as clock:
        people = area_with_people(name=name)
        if not notified:
            for leader in (people.police, people.health, people.lscb):
                leader.delete()
        lead = factories.InspectorFactory()
        inspection = plan_inspection(
            people=people, lead=lead, team=[factories.InspectorFactory() for _ in range(team_size - 1)]
        )
        if notified:
            people.health.email = ""  # so the health leader's messages fail
            people.health.save()
            notifications_sync(inspection=inspection)
            clock.move_to(inspection.notification_at)
            notifications_dispatch()
    inspection.refresh_from_db()
    return inspection, lead.user


def test_inspection_page_runs_the_same_queries_for_a_small_or_a_large_inspection(client, django_assert_num_queries):
    small, small_lead = _inspection_with(name="Smallshire", team_size=2, notified=False)
    large, large_lead = _inspection_with(name="Largeshire", team_size=9, notified=True)
    assert small.messages.count() <= 25 < 50 <= large.messages.count()
    assert large.messages.filter(status="failed").exists() and large.stage_changes.exists()

    client.force_login(small_lead)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("inspections:detail", args=[small.reference])).status_code == 200
    client.force_login(large_lead)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("inspections:detail", args=[large.reference]))
    assert "messages were not sent" in page.content.decode()


# Changing the week on site


def reschedule(client, inspection, day: datetime.date):
    url = reverse("inspections:reschedule", args=[inspection.reference])
    return client.post(
        url, {"onsite_start_0": day.day, "onsite_start_1": day.month, "onsite_start_2": day.year}, follow=True
    )


def test_lead_moves_the_week_on_site_and_every_milestone_follows(client, inspection, clock):
    client.force_login(inspection.team.get().inspector.user)
    response = reschedule(client, inspection, datetime.date(2016, 4, 11))
    page = text(response)
    assert f"{inspection.reference} is now on site from Monday 11 April 2016" in page
    inspection.refresh_from_db()
    assert inspection.milestones.get(key="notification").date == datetime.date(2016, 3, 24)
    assert "Due Thursday 24 March 2016 at 10am" in page


def test_moving_the_week_on_site_to_a_bank_holiday_is_refused(client, inspection):
    client.force_login(inspection.team.get().inspector.user)
    page = text(reschedule(client, inspection, datetime.date(2016, 5, 2)))
    assert "There is a problem" in page
    assert "Monday 2 May 2016 is not a working day (May Day)." in page
    inspection.refresh_from_db()
    assert inspection.onsite_start == datetime.date(2016, 3, 7)


def test_moving_the_week_on_site_warns_of_a_clash(client, clock):
    lead = factories.InspectorFactory()
    inspection = factories.InspectionFactory(lead=lead, onsite_start=datetime.date(2016, 3, 7))
    other = factories.InspectionFactory(lead=lead, onsite_start=datetime.date(2016, 4, 11))
    client.force_login(lead.user)
    page = text(reschedule(client, inspection, datetime.date(2016, 4, 12)))
    assert f"is already on site for {other.reference} from 11 April 2016 to 15 April 2016." in page


def test_a_team_member_who_is_not_lead_cannot_move_the_week(client, inspection):
    member = factories.InspectorFactory()
    inspection.team.create(inspector=member)
    client.force_login(member.user)
    assert reschedule(client, inspection, datetime.date(2016, 4, 11)).status_code == 403
    inspection.refresh_from_db()
    assert inspection.onsite_start == datetime.date(2016, 3, 7)


def test_the_week_cannot_move_once_on_site(client, inspection):
    lead = inspection.team.get().inspector.user
    inspection_transition(user=None, inspection=inspection, name="notify")
    inspection_transition(user=lead, inspection=inspection, name="start_fieldwork")
    client.force_login(lead)
    page = text(reschedule(client, inspection, datetime.date(2016, 4, 11)))
    assert "The dates of an inspection at stage “On site” cannot move." in page


def test_moving_the_week_on_site_to_midweek_is_warned_of(client, inspection, clock):
    client.force_login(inspection.team.get().inspector.user)
    page = text(reschedule(client, inspection, datetime.date(2016, 4, 13)))
    assert "Wednesday 13 April 2016 is not the first working day of its week" in page


@pytest.mark.parametrize("year", [9999, 1999])
def test_moving_the_week_on_site_to_a_far_off_year_is_a_field_error(client, inspection, year):
    client.force_login(inspection.team.get().inspector.user)
    response = reschedule(client, inspection, datetime.date(year, 3, 7))
    assert response.status_code == 400
    assert '<a href="#id_onsite_start_0">The first day on site must be between 1 January 2000 and' in text(response)
    inspection.refresh_from_db()
    assert inspection.onsite_start == datetime.date(2016, 3, 7)


def test_the_concern_of_an_ofsted_only_inspection_is_for_the_team_never_the_area(client, clock, people):
    from inspections.services import inspection_transition

    lead = factories.InspectorFactory()
    inspection = plan_inspection(people=people, lead=lead, framework="ofsted-targeted-2016", concern="Screening gaps")
    manager = factories.InspectorFactory(is_manager=True)
    inspection_transition(user=None, inspection=inspection, name="notify")
    for user in (lead.user, manager.user):
        client.force_login(user)
        assert '<dd class="govuk-summary-list__value" id="concern">Screening gaps</dd>' in text(
            client.get(reverse("inspections:detail", args=[inspection.reference]))
        )
    people.dcs.user = factories.UserFactory()
    people.dcs.save()
    client.force_login(people.dcs.user)
    response = client.get(reverse("inspections:detail", args=[inspection.reference]))
    assert response.status_code == 200
    assert "Screening gaps" not in text(response)
    assert 'id="concern"' not in text(response)
