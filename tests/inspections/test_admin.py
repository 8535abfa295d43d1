"""The Django admin: what an admin changes there still goes through the rules."""

from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from inspections.models import MessageKind
from tests import factories
from tests.inspections.notification_helpers import area_with_people, london, messages, plan_inspection

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


def test_adding_an_inspector_to_the_team_in_the_admin_plans_their_reminders(client):
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False):
        inspection = plan_inspection(people=area_with_people())
        newcomer = factories.InspectorFactory(user__email="newcomer@hmic.example.org")
        assert "newcomer@hmic.example.org" not in {m.recipient_email for m in messages(inspection)}

        client.force_login(admin_user)
        url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
        parser = FormValues()
        parser.feed(client.get(url).content.decode())
        data = parser.values
        data["team-1-inspector"] = [str(newcomer.pk)]
        data["team-1-inspection"] = [str(inspection.pk)]
        data["team-TOTAL_FORMS"] = ["2"]
        response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert inspection.team.filter(inspector=newcomer).exists()
    reminders = messages(inspection, kind=MessageKind.TEAM_REMINDER, milestone_key="onsite_start")
    assert "newcomer@hmic.example.org" in {m.recipient_email for m in reminders}
