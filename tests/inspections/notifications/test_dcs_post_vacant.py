"""The DCS's post can be vacant: the chief executive, recorded in the DCS's place, is told
first, then everyone else, as with a DCS; nobody is left waiting for a DCS who is not there."""

from email import message_from_bytes

import pytest
from django.core import mail

from inspections.models import ContactRole, PersonRole
from inspections.notifications.dispatch import notifications_dispatch
from tests.helpers import area_with_people, london, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def test_with_the_dcs_post_vacant_the_chief_executive_is_told_first_then_the_others(clock):
    people = area_with_people(with_dcs=False)
    factories.PersonFactory(
        name="Chris Chief",
        email="chief.executive@northshire.example.org",
        role=PersonRole.CHIEF_EXECUTIVE,
        area=people.area,
    )
    inspection = plan_inspection(people=people)
    assert inspection.contacts.get(role=ContactRole.DCS).person.name == "Chris Chief"

    clock.move_to(london(2016, 2, 22, 10))
    notifications_dispatch()
    received = [message_from_bytes(m.message().as_bytes()) for m in mail.outbox]
    firsts = [m["To"] for m in received]
    assert firsts[0] == "Chris Chief <chief.executive@northshire.example.org>"
    assert received[0]["Subject"].startswith(f"{inspection.reference}: notification of")
    told = set(firsts)
    for person in (people.coordinator, people.police, people.health):
        assert f"{person.name} <{person.email}>" in told
    # The others hear who was told first: the chief executive, not a Director who is not there.
    for person in (people.police, people.coordinator):
        sent = next(m for m in received if m["To"] == f"{person.name} <{person.email}>")
        part = sent.get_payload(0) if sent.is_multipart() else sent
        body = part.get_payload(decode=True).decode()
        assert "The chief executive of Northshire, Chris Chief, has today been notified" in body
        assert "Director of Children's Services for" not in body
