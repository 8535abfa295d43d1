"""The demo, loaded once per test module, with one log-in for each role the security tests play.

`load_demo`'s loaders run inside a transaction that stays open for the whole module and is
rolled back after its last test, so no other test module ever sees the demo; each test runs in
a savepoint inside it (pytest-django's `db`). The clock is frozen for the module, so the demo's
"now" (the Rutland inspection's notification a few minutes ahead) is the same on every run.

Where the demo lacks a role, it is made here through the services and factories: an inspector
on no team, a case-audit contributor of South Gloucestershire's police (`PersonRole.CONTRIBUTOR`),
and the leader of an agency the inspections do not tell. The local log-ins play the same parts
in Croydon (factual-accuracy check) and Central Bedfordshire (published) as in South
Gloucestershire (notified), so the letter's pages are walked with the area's own people too.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from inspections.models import Agency, AgencyKind, Inspection, Person, PersonRole
from tests.factories import UserFactory
from tests.helpers import sign_in_as
from tests.inspections import factories

# The roles every URL is tried as, in the order failures are reported.
ROLES = (
    "anonymous",
    "lead",  # the inspection's lead inspector
    "team",  # an inspector on its team, not the lead
    "other_inspector",  # an inspector on no team of the demo
    "manager",  # an inspectorate manager: sees the whole programme
    "dcs",
    "coordinator",
    "contributor",  # a case-audit contributor for the police, who is no inspection contact
    "untold_leader",  # the leader of an agency that serves the area but that the inspection does not tell
    "other_area",  # a senior leader of Liverpool and Wirral's police: another area's user
    "analyst",  # consultations
    "admin",  # Django admin superuser
)

DEMO_NOW = datetime.datetime(2026, 1, 6, 10, 0)  # a Tuesday, long after the demo's 2016

# The demo's areas by ONS code.
SOUTH_GLOS, CROYDON, CENTRAL_BEDS, LIVERPOOL, OXFORDSHIRE = (
    "E06000025",
    "E09000008",
    "E06000056",
    "E08000012",
    "E10000025",
)
RUTLAND = "E06000017"


@dataclass
class Demo:
    users: dict[str, object]
    sessions: dict[str, str]  # role -> session key
    inspections: dict[str, Inspection]  # ONS code -> the area's demo inspection
    extra: dict[str, object] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """A client signed in as the role, sharing the module's session row (cheap per request)."""
        client = Client()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    @property
    def notified(self) -> Inspection:
        return self.inspections[SOUTH_GLOS]

    @property
    def at_factual_accuracy(self) -> Inspection:
        return self.inspections[CROYDON]

    @property
    def published(self) -> Inspection:
        return self.inspections[CENTRAL_BEDS]

    @property
    def secret(self) -> Inspection:
        """Planned, its notification still ahead: it exists for its team and the managers alone."""
        return self.inspections[RUTLAND]


def _load_demo() -> None:
    from jtai.management.commands import load_demo

    # The loaders, not the command: the command also writes the accounts file under var/.
    out = io.StringIO()
    for load in load_demo.LOADERS:
        with transaction.atomic():
            load(out)


def _local_log_ins(inspections: dict[str, Inspection]) -> dict[str, object]:
    """The demo's DCS and coordinator log-ins play their parts in Croydon and Central Bedfordshire
    too (one log-in, a person in each area, as the cross-border leader's does)."""
    User = get_user_model()
    users = {
        "dcs": User.objects.get(username="dcs"),
        "coordinator": User.objects.get(username="coordinator"),
    }
    for code in (CROYDON, CENTRAL_BEDS):
        for role, person_role in (("dcs", PersonRole.DCS), ("coordinator", PersonRole.DCS_COORDINATOR)):
            person = Person.objects.get(area__ons_code=code, role=person_role, agency=None)
            person.user = users[role]
            person.save()
    return users


def _contributor(south_glos: Inspection):
    """Someone the coordinator adds to evaluate the police's cases: a person of their own role."""
    from inspections.case_audits import services
    from inspections.case_audits.access import access_for

    coordinator = get_user_model().objects.get(username="coordinator")
    police = Agency.objects.get(kind=AgencyKind.POLICE, areas=south_glos.area)
    contributor = services.contributor_add(
        user=coordinator,
        access=access_for(coordinator, south_glos.reference),
        agency=police,
        name="Connie Contributor",
        email="connie.contributor@avonandsomerset-police.example",
    )
    user = UserFactory(username="contributor")
    contributor.person.user = user
    contributor.person.save()
    return user


def _untold_leader(areas) -> object:
    """An agency serving the areas whose leader no demo inspection tells: no contact row for it."""
    agency = factories.AgencyFactory(name="Severn Schools Trust", kind=AgencyKind.OTHER, areas=list(areas))
    user = UserFactory(username="untold.leader")
    for area in areas:
        factories.PersonFactory(name="Uma Untold", role=PersonRole.AGENCY_LEADER, area=area, agency=agency, user=user)
    return user


INVITATION_TOKEN = "an-open-invitation-for-the-security-tests"


def _extra(inspections: dict[str, Inspection]) -> dict:
    """An open account invitation (the demo's are all used or hashed away): its raw token."""
    from inspections.case_audits.invitations import expiry, token_hash
    from inspections.case_audits.models import Invitation

    south_glos = inspections[SOUTH_GLOS]
    person = Person.objects.filter(area=south_glos.area, role=PersonRole.LSCB_CHAIR, user=None).first()
    Invitation.objects.create(
        person=person,
        inspection=south_glos,
        token_hash=token_hash(INVITATION_TOKEN),
        expires_at=expiry(timezone.now()),
    )
    return {"invitation_token": INVITATION_TOKEN}


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    traveller = time_machine.travel(timezone.make_aware(DEMO_NOW), tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _load_demo()
            inspections = {i.area.ons_code: i for i in Inspection.objects.select_related("area")}
            User = get_user_model()
            users = {
                "lead": User.objects.get(username="lead.inspector"),
                "team": User.objects.get(username="cqc.inspector"),
                "other_inspector": factories.InspectorFactory(user__username="outsider.inspector").user,
                "manager": User.objects.get(username="manager"),
                **_local_log_ins(inspections),
                "contributor": _contributor(inspections[SOUTH_GLOS]),
                "untold_leader": _untold_leader(
                    [inspections[code].area for code in (SOUTH_GLOS, CROYDON, CENTRAL_BEDS)]
                ),
                "other_area": User.objects.get(username="merseyside.police"),
                "analyst": User.objects.get(username="analyst"),
                "admin": User.objects.get(username="admin"),
            }
            sessions = {}
            for role, user in users.items():
                client = Client()
                sign_in_as(client, user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield Demo(users=users, sessions=sessions, inspections=inspections, extra=_extra(inspections))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            traveller.stop()
