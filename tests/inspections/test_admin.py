"""The Django admin: what an admin changes there still goes through the rules."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from inspections.notifications.models import MessageKind, MessageStatus
from tests.helpers import area_with_people, london, messages, plan_inspection, sign_in_verified
from tests.inspections import factories

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """The values a browser would submit for the admin's change form, as a dict of lists."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def admin_form(client, url) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    return parser.values


def test_the_admin_shows_the_team_read_only_and_points_to_the_team_page(client, clock):
    # Team changes, with the messages they add, withdraw and cancel, are tested in test_team.py.
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    colleague = factories.InspectorFactory(user__username="cqc", user__email="colleague@cqc.example.org")
    inspection = plan_inspection(people=area_with_people(), team=[colleague])
    before = set(inspection.team.values_list("inspector_id", "is_lead"))

    sign_in_verified(client, admin_user)
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    page = client.get(url).content.decode()
    data = admin_form(client, url)
    data.update({"team-TOTAL_FORMS": ["1"], "team-0-DELETE": ["on"]})
    response = client.post(url, data)

    assert reverse("inspections:team", args=[inspection.reference]) in page
    assert not any(key.endswith("-inspector") for key in data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(inspection.team.values_list("inspector_id", "is_lead")) == before
    assert messages(inspection, recipient_email="colleague@cqc.example.org", status=MessageStatus.SCHEDULED)


def test_correcting_a_persons_address_in_the_admin_readdresses_their_unsent_messages(client, clock):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    people = area_with_people()
    inspection = plan_inspection(people=people)

    sign_in_verified(client, admin_user)
    url = reverse("admin:inspections_person_change", args=[people.dcs.pk])
    data = admin_form(client, url)
    data["email"] = ["dana.director@northshire.example.org"]
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    (notification,) = messages(inspection, kind=MessageKind.DCS_NOTIFICATION)
    assert notification.recipient_email == "dana.director@northshire.example.org"
    assert not messages(inspection, recipient_email="dcs@northshire.example.org", status=MessageStatus.SCHEDULED)
    # The history records who made the change.
    assert people.dcs.history.latest().history_user == admin_user


def test_changing_an_inspectors_address_in_the_admin_readdresses_their_unsent_messages(client, clock, people):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    moving = factories.InspectorFactory(user__username="hmic", user__email="old@hmic.example.org")
    inspection = plan_inspection(people=people, team=[moving])
    assert messages(inspection, recipient_email="old@hmic.example.org")

    sign_in_verified(client, admin_user)
    url = reverse("admin:auth_user_change", args=[moving.user.pk])
    data = admin_form(client, url)
    data["email"] = ["new@hmic.example.org"]
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not messages(inspection, recipient_email="old@hmic.example.org")
    mine = messages(inspection, inspector=moving)
    assert {m.kind for m in mine} == {
        MessageKind.CONFERENCE_CALL_INVITE,
        MessageKind.SETUP_MEETING_INVITE,
        MessageKind.FEEDBACK_MEETING_INVITE,
        MessageKind.TEAM_REMINDER,
    }
    assert {(m.recipient_email, m.status) for m in mine} == {("new@hmic.example.org", MessageStatus.SCHEDULED)}


def test_an_inspector_told_at_an_old_address_is_told_what_is_still_ahead_at_the_new_one(client, clock, people):
    from django.core import mail

    from inspections.notifications.dispatch import notifications_dispatch

    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    moving = factories.InspectorFactory(user__username="hmic", user__email="old@hmic.example.org")
    inspection = plan_inspection(people=people, team=[moving])
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    mail.outbox.clear()
    clock.move_to(london(2016, 2, 22, 15, 0))  # the conference call is over

    sign_in_verified(client, admin_user)
    url = reverse("admin:auth_user_change", args=[moving.user.pk])
    data = admin_form(client, url)
    data["email"] = ["new@hmic.example.org"]
    assert client.post(url, data).status_code == 302
    notifications_dispatch()

    # The set-up and feedback meetings are still ahead; nothing is cancelled at the old address.
    assert {m.to[0] for m in mail.outbox} == {f"{moving.name} <new@hmic.example.org>"}
    assert sorted(m.subject for m in mail.outbox) == [
        f"{inspection.reference}: Invitation: joint feedback meeting with all agencies, Friday 11 March 2016 at 2pm",
        f"{inspection.reference}: Invitation: joint set-up meeting, Monday 7 March 2016 at 9:30am",
    ]
    reminders = messages(inspection, inspector=moving, kind=MessageKind.TEAM_REMINDER)
    assert {m.recipient_email for m in reminders} == {"new@hmic.example.org"}


def test_a_framework_version_in_use_is_read_only_and_a_copy_is_a_new_version(client, planned_inspection):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    framework = planned_inspection.framework
    sign_in_verified(client, admin_user)
    url = reverse("admin:inspections_frameworkversion_change", args=[framework.pk])
    data = admin_form(client, url)

    # Nothing to submit: the page shows the rules, and a post changes nothing.
    assert "notice_working_days" not in data
    assert client.post(url, {**data, "notice_working_days": ["12"]}).status_code == 403
    framework.refresh_from_db()
    assert framework.notice_working_days == 9

    changelist = reverse("admin:inspections_frameworkversion_changelist")
    response = client.post(changelist, {"action": "copy_as_new_version", "_selected_action": [framework.pk]})
    assert response.status_code == 302
    copy = factories.models.FrameworkVersion.objects.get(slug=f"{framework.slug}-v2")
    assert (copy.notice_working_days, copy.kind, copy.is_current) == (9, framework.kind, False)
    assert set(copy.inspectorates.all()) == set(framework.inspectorates.all())
    assert planned_inspection.theme.framework_versions.filter(pk=copy.pk).exists()

    # The copy is not in use: its rules change, and the inspection keeps the version it was planned on.
    copy_url = reverse("admin:inspections_frameworkversion_change", args=[copy.pk])
    copy_data = admin_form(client, copy_url)
    copy_data["notice_working_days"] = ["10"]
    copy_data["notice_convention"] = ["day1"]
    assert client.post(copy_url, copy_data).status_code == 302
    copy.refresh_from_db()
    planned_inspection.refresh_from_db()
    assert (copy.notice_working_days, copy.notice_convention) == (10, "day1")
    assert planned_inspection.framework_id == framework.pk


def test_a_non_working_day_added_in_the_notice_moves_a_planned_notification_but_not_a_notified_one(
    client, clock, people
):
    import datetime

    from inspections.services.stages import inspection_transition

    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    planned = plan_inspection(people=people)  # on site 7 March 2016, DCS told Monday 22 February
    told = plan_inspection(people=area_with_people(name="Southshire"), lead=planned.team.get().inspector)
    inspection_transition(user=None, inspection=told, name="notify")
    assert planned.notification_at == london(2016, 2, 22, 10, 0)

    sign_in_verified(client, admin_user)
    response = client.post(
        reverse("admin:inspections_nonworkingday_add"),
        {"date": "2016-03-01", "reason": "Office closure"},
        follow=True,
    )

    assert response.status_code == 200
    page = response.content.decode()
    planned.refresh_from_db()
    told.refresh_from_db()
    # One more day off in the notice: the DCS is told a working day earlier, and the message follows.
    assert planned.notification_at == london(2016, 2, 19, 10, 0)
    (dcs,) = messages(planned, kind=MessageKind.DCS_NOTIFICATION, status=MessageStatus.SCHEDULED)
    assert dcs.due_at == london(2016, 2, 19, 10, 0)
    # The notified area keeps its notice, and the admin is told so.
    assert told.milestone("notification").date == datetime.date(2016, 2, 22)
    assert f"{told.reference} already notified: the notice the area was given stands" in page

    # Removing the day moves the planned notification back.
    day = factories.models.NonWorkingDay.objects.get(date="2016-03-01")
    client.post(reverse("admin:inspections_nonworkingday_delete", args=[day.pk]), {"post": "yes"})
    planned.refresh_from_db()
    assert planned.notification_at == london(2016, 2, 22, 10, 0)


def test_a_non_working_day_on_a_planned_first_day_on_site_is_refused_naming_the_date(client, clock, people):
    """It made the timeline impossible to re-plan: a server error, where the admin should read why."""
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    planned = plan_inspection(people=people)  # on site Monday 7 March 2016
    sign_in_verified(client, admin_user)
    response = client.post(
        reverse("admin:inspections_nonworkingday_add"), {"date": "2016-03-07", "reason": "Office closure"}
    )
    assert response.status_code == 200
    assert f"{planned.reference} needs it: change its week on site first" in response.content.decode()
    assert "date" in response.context["adminform"].form.errors
    assert not factories.models.NonWorkingDay.objects.exists()
    planned.refresh_from_db()
    assert planned.notification_at == london(2016, 2, 22, 10, 0)


@pytest.mark.parametrize(
    "url, data, field",
    [
        ("admin:inspections_person_add", {"name": "X", "email": "x@example.org", "role": "dcs", "area": "abc"}, "area"),
        (
            "admin:inspections_person_add",
            {"name": "X", "email": "x@example.org", "role": "dcs", "area": "99999999999999999999999"},
            "area",
        ),
        ("admin:inspections_inspector_add", {"user": "abc", "inspectorate": "1"}, "user"),
        (
            "admin:inspections_agency_add",
            {"name": "X", "kind": "police", "areas": ["99999999999999999999999"]},
            "areas",
        ),
    ],
)
def test_junk_ids_in_the_admin_are_a_form_error_and_change_nothing(client, url, data, field):
    from inspections.models import Agency, Inspector, Person

    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    sign_in_verified(client, admin_user)
    before = (Person.objects.count(), Inspector.objects.count(), Agency.objects.count())
    response = client.post(reverse(url), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert (Person.objects.count(), Inspector.objects.count(), Agency.objects.count()) == before


@pytest.mark.parametrize(
    ("code", "kept"),
    [
        ("banana", False),
        ("E07000008", False),  # a district council: no children's services
        ("W06000015", False),  # Welsh: not inspected by these inspectorates
        ("E1000002", False),
        ("E10000002", True),
        ("E06000056", True),
        ("E08000012", True),
        ("E09000008", True),
    ],
)
def test_the_admin_keeps_only_an_english_local_authoritys_ons_code(client, code, kept):
    from inspections.models import Area

    sign_in_verified(client, factories.UserFactory(username="admin", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:inspections_area_add"), {"name": "Newshire", "ons_code": code, "region": ""})
    assert Area.objects.filter(name="Newshire").exists() is kept
    if not kept:
        assert response.status_code == 200
        assert "Enter the ONS code of an English local authority: E06, E08, E09 or E10 and 6 digits" in (
            response.content.decode()
        )
