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
from django.test import Client, override_settings
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
    "told_leader",  # an agency's senior leader told of Central Bedfordshire's (published) inspection
    "signed_up_contributor",  # a health contributor in South Gloucestershire who signed up through their link
    "cross_border",  # one log-in, a health leader told in South Gloucestershire and in Croydon
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


def _told_contact_person(inspection: Inspection, kind: str | None = None) -> Person:
    """An agency's senior leader the inspection tells, with no log-in yet."""
    from inspections.models import ContactRole, InspectionContact

    contacts = InspectionContact.objects.filter(
        inspection=inspection, role=ContactRole.AGENCY_LEADER, agency__isnull=False, person__user=None
    ).filter(InspectionContact.told_q())
    if kind is not None:
        contacts = contacts.filter(agency__kind=kind)
    return contacts.select_related("person").order_by("agency__name", "pk").first().person


def _told_leader(published: Inspection):
    user = UserFactory(username="told.leader")
    person = _told_contact_person(published)
    person.user = user
    person.save()
    return user


def _cross_border(south_glos: Inspection, croydon: Inspection):
    """One log-in for a leader who is a person in two areas, told by each area's inspection."""
    user = UserFactory(username="two.areas")
    for inspection in (south_glos, croydon):
        person = _told_contact_person(inspection, AgencyKind.HEALTH)
        person.user = user
        person.save()
    return user


SIGN_UP_PASSWORD = "a long sign-up passphrase for the tests"


def _signed_up_contributor(south_glos: Inspection):
    """The coordinator adds a health contributor, who has no account; they sign up through the
    link the invitation e-mail carries (its token made here as the e-mail would make it)."""
    from inspections.case_audits import services
    from inspections.case_audits.access import access_for
    from inspections.case_audits.invitations import expiry, invitation_accept, token_hash
    from inspections.case_audits.models import Invitation

    coordinator = get_user_model().objects.get(username="coordinator")
    health = Agency.objects.filter(kind=AgencyKind.HEALTH, areas=south_glos.area).order_by("pk").first()
    contributor = services.contributor_add(
        user=coordinator,
        access=access_for(coordinator, south_glos.reference),
        agency=health,
        name="Hari Health",
        email="hari.health@nhs.example",
    )
    token = "a-sign-up-link-for-the-security-tests"
    Invitation.objects.create(
        person=contributor.person,
        inspection=south_glos,
        token_hash=token_hash(token),
        expires_at=expiry(timezone.now()),
    )
    user, _ = invitation_accept(token=token, password=SIGN_UP_PASSWORD, password_again=SIGN_UP_PASSWORD)
    return user


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _files_and_requests(inspections: dict[str, Inspection]) -> dict:
    """What the demo lacks, made through the services: a file attached to South Gloucestershire's
    first case and one of its requested documents uploaded (by its coordinator); a request to
    reopen Central Bedfordshire's submitted return and its written statement of action (by its
    coordinator)."""
    from inspections.areas import statements
    from inspections.case_audits import services
    from inspections.case_audits.access import access_for
    from inspections.case_audits.models import AuditCase, DocumentReturn
    from inspections.models import agencies_taking_part

    coordinator = get_user_model().objects.get(username="coordinator")
    south_glos, central_beds = inspections[SOUTH_GLOS], inspections[CENTRAL_BEDS]
    access = access_for(coordinator, south_glos.reference)
    case = AuditCase.objects.filter(request__inspection=south_glos).order_by("order").first()
    attachment = services.attachment_add(user=coordinator, access=access, case=case, upload=_pdf("chronology.pdf"))
    document = DocumentReturn.objects.filter(request__inspection=south_glos).order_by("document__order").first()
    services.document_save(user=coordinator, access=access, document=document, upload=_pdf("procedures.pdf"))
    reopen = services.reopen_ask(
        user=coordinator, access=access_for(coordinator, central_beds.reference), reason="A case was left out."
    )
    recommendation = central_beds.recommendations.order_by("pk").first()
    action = statements.statement_action_save(
        user=coordinator,
        inspection=central_beds,
        recommendation=recommendation,
        text="A return-home interview for every missing child",
        agencies=[agencies_taking_part(central_beds).order_by("pk").first()],
        due_on=None,
    )
    document = statements.statement_attach(user=coordinator, inspection=central_beds, document=_pdf("wsoa.pdf"))
    return {
        "attachment": attachment.pk,
        "reopen": reopen.pk,
        "statement_document": document.pk,
        "statement_action": action.pk,
        "statement_recommendation": recommendation.pk,
    }


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
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    traveller = time_machine.travel(timezone.make_aware(DEMO_NOW), tick=False)
    traveller.start()
    # The files the demo's objects are given, in a folder of this run's own.
    private_media = override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"))
    private_media.enable()
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
                "told_leader": _told_leader(inspections[CENTRAL_BEDS]),
                "signed_up_contributor": _signed_up_contributor(inspections[SOUTH_GLOS]),
                "cross_border": _cross_border(inspections[SOUTH_GLOS], inspections[CROYDON]),
                "analyst": User.objects.get(username="analyst"),
                "admin": User.objects.get(username="admin"),
            }
            sessions = {}
            for role, user in users.items():
                client = Client()
                sign_in_as(client, user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            extra = {**_extra(inspections), **_files_and_requests(inspections)}
            yield Demo(users=users, sessions=sessions, inspections=inspections, extra=extra)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            private_media.disable()
            traveller.stop()
