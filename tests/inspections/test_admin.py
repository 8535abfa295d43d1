"""The Django admin: what an admin changes there still goes through the rules."""

from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from inspections.notifications.models import MessageKind, MessageStatus
from tests.helpers import area_with_people, london, messages, plan_inspection
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


def test_the_admin_shows_the_team_read_only_and_points_to_the_team_page(client):
    # Team changes, with the messages they add, withdraw and cancel, are tested in test_team.py.
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        colleague = factories.InspectorFactory(user__username="cqc", user__email="colleague@cqc.example.org")
        inspection = plan_inspection(people=area_with_people(), team=[colleague])
        before = set(inspection.team.values_list("inspector_id", "is_lead"))

        client.force_login(admin_user)
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


def test_correcting_a_persons_address_in_the_admin_readdresses_their_unsent_messages(client):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        people = area_with_people()
        inspection = plan_inspection(people=people)

        client.force_login(admin_user)
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

    client.force_login(admin_user)
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

    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[moving.user.pk])
    data = admin_form(client, url)
    data["email"] = ["new@hmic.example.org"]
    assert client.post(url, data).status_code == 302
    notifications_dispatch()

    # The set-up meeting is still ahead; nothing is cancelled at the old address.
    (email,) = mail.outbox
    assert email.to == [f"{moving.name} <new@hmic.example.org>"]
    assert email.subject == f"{inspection.reference}: Invitation: joint set-up meeting, Monday 7 March 2016 at 9:30am"
    reminders = messages(inspection, inspector=moving, kind=MessageKind.TEAM_REMINDER)
    assert {m.recipient_email for m in reminders} == {"new@hmic.example.org"}
