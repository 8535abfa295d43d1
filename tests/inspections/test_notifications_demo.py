"""The notifications demo: an inspection notified minutes after start-up, created once."""

import io

import pytest
import time_machine

from inspections import demo_notifications
from inspections.dispatch import notifications_dispatch
from inspections.models import Inspection, MessageKind, Stage
from inspections.services.stages import inspection_transition
from tests.inspections.notification_helpers import area_with_people, london, plan_inspection

pytestmark = pytest.mark.django_db


def test_the_demo_notifies_a_few_minutes_after_loading_and_only_once(mailoutbox):
    with time_machine.travel(london(2026, 3, 4, 11, 0, 20), tick=False) as clock:
        out = io.StringIO()
        demo_notifications.load(out)
        demo_notifications.load(out)

        inspection = Inspection.objects.get(area__name="Rutland")
        assert "is notified at 11:03" in out.getvalue()
        assert "exists already" in out.getvalue()
        assert inspection.notification_at == london(2026, 3, 4, 11, 3)
        assert inspection.messages.filter(kind=MessageKind.PARTNER_NOTIFICATION).count() == 3

        clock.move_to(london(2026, 3, 4, 11, 3))
        notifications_dispatch()

    assert mailoutbox[0].to == ["Rosa Whitley <dcs@rutland.example>"]
    assert {m.to[0] for m in mailoutbox[1:4]} == {
        "Chief Constable Alan Birch <chief.constable@leics-police.example>",
        "Dr Meera Shah <accountable.officer@ellr-ccg.example>",
        "Gill Hutton <chair@lrlscb.example>",
    }
    inspection.refresh_from_db()
    assert inspection.stage == Stage.NOTIFIED


def test_an_inspection_notified_another_way_sends_no_notification():
    with time_machine.travel(london(2016, 2, 1, 9), tick=False):
        inspection = plan_inspection(people=area_with_people())
        inspection_transition(user=None, inspection=inspection, name="notify")  # e.g. an import

        assert not inspection.messages.filter(
            kind__in=[MessageKind.DCS_NOTIFICATION, MessageKind.PARTNER_NOTIFICATION], status="scheduled"
        ).exists()
