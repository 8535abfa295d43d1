"""Local contacts on an inspection: who is the DCS, the DCS coordinator, the LSCB's chair and
each agency's senior leader, chosen from the area's people. The notification plan follows them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jtai.errors import DomainError

from .. import permissions
from ..models import (
    COUNCIL_AGENCY_KINDS,
    ContactRole,
    Inspection,
    InspectionContact,
    Person,
    PersonRole,
    Stage,
    in_sentence,
)
from ..signals import plan_changed_send

# Whom each person role may stand for on an inspection.
ROLE_FOR_PERSON = {
    PersonRole.DCS: ContactRole.DCS,
    PersonRole.DCS_COORDINATOR: ContactRole.DCS_COORDINATOR,
    PersonRole.LSCB_CHAIR: ContactRole.LSCB_CHAIR,
    PersonRole.AGENCY_LEADER: ContactRole.AGENCY_LEADER,
}


class ContactError(DomainError):
    """Bad input for a local contact."""


def people_for(inspection: Inspection):
    """The area's people an inspection may record: the council's own and its agencies'."""
    return (
        Person.objects.filter(area_id=inspection.area_id)
        .filter(Q(agency__isnull=True) | Q(agency__areas=inspection.area_id))
        .select_related("agency")
        .distinct()
        .order_by("role", "name")
    )


def people_for_role(inspection: Inspection, role: str):
    """The area's people to offer for `role` (the rule `_add` enforces, as a query): the DCS and
    the coordinator work for the council; a coordinator is someone other than a DCS."""
    people = people_for(inspection)
    if role in (ContactRole.DCS, ContactRole.DCS_COORDINATOR):
        people = people.filter(Q(agency__isnull=True) | Q(agency__kind__in=COUNCIL_AGENCY_KINDS))
    if role == ContactRole.DCS_COORDINATOR:
        people = people.exclude(role=PersonRole.DCS)
    return people


def area_person(*, inspection: Inspection, name: str, email: str, role: str, agency=None) -> Person:
    """One of the area's people with this address (and agency), or a new one someone on the
    inspection names because the area's records lack them."""
    name, email = name.strip(), email.strip()
    if not name:
        raise ContactError("name", "Enter their full name")
    if not email or "@" not in email:
        raise ContactError("email", "Enter an email address in the correct format, like name@example.org")
    existing = Person.objects.filter(area=inspection.area, email__iexact=email, agency=agency).first()
    if existing:
        return existing
    return Person.objects.create(area=inspection.area, name=name, email=email, role=role, agency=agency)


def _add(*, user, inspection: Inspection, person: Person, role: str) -> InspectionContact:
    # The LSCB chair keeps their board, so the page and the e-mails can name it.
    agency = person.agency if role in (ContactRole.AGENCY_LEADER, ContactRole.LSCB_CHAIR) else None
    if role == ContactRole.LSCB_CHAIR and person.role != PersonRole.LSCB_CHAIR:
        raise ContactError(
            "person", f"{person.name} is not recorded as an LSCB chair: choose the chair of {inspection.area}'s LSCB."
        )
    if role == ContactRole.AGENCY_LEADER and agency is None:
        raise ContactError("person", f"{person.name} does not belong to an agency, so cannot be its senior leader.")
    if (
        role in (ContactRole.DCS, ContactRole.DCS_COORDINATOR)
        and person.agency
        and person.agency.kind not in (COUNCIL_AGENCY_KINDS)
    ):
        raise ContactError("person", f"The {ContactRole(role).label} works for the council, not {person.agency}.")
    if role == ContactRole.AGENCY_LEADER:
        clash = inspection.contacts.filter(role=role, agency=agency).select_related("person").first()
        if clash:
            raise ContactError(
                "person", f"{clash.person.name} is already the senior leader for {agency}: remove them first."
            )
    else:
        clash = inspection.contacts.filter(role=role).select_related("person").first()
        if clash:
            raise ContactError(
                "role", f"{clash.person.name} is already the {ContactRole(role).label}: remove them first."
            )
    contact = InspectionContact(inspection=inspection, person=person, role=role, agency=agency)
    # Named on the audit trail as whoever made the change, in a request or not (a command, a task).
    contact._history_user = user
    contact.save()
    return contact


def _require_open(inspection: Inspection) -> None:
    # Once published or cancelled nobody else is told anything, so the contacts are a record.
    if inspection.stage in Stage.closed():
        raise ContactError(
            "person",
            f"{inspection.reference} is {inspection.get_stage_display().lower()}: "
            "its local contacts can no longer change.",
        )


@transaction.atomic
def contact_add(*, user, inspection: Inspection, person: Person, role: str) -> InspectionContact:
    """Record `person` as the inspection's DCS, coordinator, LSCB chair or an agency's senior leader."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    permissions.require(
        permissions.can_manage(user, inspection), "Only the lead inspector or a manager can change local contacts."
    )
    _require_open(inspection)
    if role not in ContactRole.values:
        raise ContactError(
            "role", "Choose whether this person is the DCS, the coordinator, the LSCB chair or a senior leader."
        )
    if not people_for(inspection).filter(pk=person.pk).exists():
        raise ContactError("person", f"{person.name} is not one of {inspection.area}'s people.")
    contact = _add(user=user, inspection=inspection, person=person, role=role)
    plan_changed_send(inspection)
    return contact


def _end(contact: InspectionContact, user) -> None:
    # Ended, never deleted, whatever the role: their comments, their return and the messages
    # they were sent still name them, while from now on they are told nothing and see nothing.
    contact.ended_at = timezone.now()
    contact._history_user = user
    contact.save(update_fields=["ended_at"])


@transaction.atomic
def contact_remove(*, user, contact: InspectionContact) -> None:
    """End `contact`'s part in the inspection; their unsent messages are withdrawn."""
    inspection = Inspection.objects.select_for_update().get(pk=contact.inspection_id)
    permissions.require(
        permissions.can_manage(user, inspection), "Only the lead inspector or a manager can change local contacts."
    )
    _require_open(inspection)
    # The inspection's lock serialises every change of its contacts.
    contact = InspectionContact.objects.filter(pk=contact.pk).first()
    if contact is None:
        raise ContactError("person", "They are no longer a local contact on this inspection.")
    _end(contact, user)
    plan_changed_send(inspection)


def _may_replace(user, inspection: Inspection, role: str) -> bool:
    # The DCS names their own coordinator; every other change is the lead's or a manager's.
    if permissions.can_manage(user, inspection):
        return True
    return (
        role == ContactRole.DCS_COORDINATOR
        and user.is_authenticated
        and inspection.contacts.filter(role=ContactRole.DCS, person__user=user).exists()
    )


@transaction.atomic
def contact_replace(*, user, inspection: Inspection, person: Person, role: str) -> InspectionContact:
    """Make `person` the inspection's contact in `role` (for an agency leader, for the person's
    agency), ending whoever held it: they keep their history and lose their part from now."""
    if role not in ContactRole.values:
        raise ContactError(
            "role", "Choose whether this person is the DCS, the coordinator, the LSCB chair or a senior leader."
        )
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    permissions.require(
        _may_replace(user, inspection, role), f"You cannot change the {in_sentence(ContactRole(role).label)}."
    )
    _require_open(inspection)
    if not people_for(inspection).filter(pk=person.pk).exists():
        raise ContactError("person", f"{person.name} is not one of {inspection.area}'s people.")
    held = inspection.contacts.filter(role=role)
    if role == ContactRole.AGENCY_LEADER:
        held = held.filter(agency_id=person.agency_id)
    current = held.select_related("person").first()
    if current is not None and current.person_id == person.pk:
        raise ContactError("person", f"{person.name} is already the {in_sentence(ContactRole(role).label)}.")
    if current is not None:
        _end(current, user)
    # _add checks that the person may stand in the role (the council's, the LSCB's chair…).
    contact = _add(user=user, inspection=inspection, person=person, role=role)
    plan_changed_send(inspection)
    return contact


def prefill_choices(people) -> list[tuple[Person, str]]:
    """Whom planning records from the area's people, and as what: the DCS, coordinator, LSCB
    chair and one senior leader per agency, where the records name exactly one. With the DCS's
    post vacant (no DCS on record), the chief executive, where there is one, is recorded in
    its place: someone must be told first, and everyone else is told after them."""
    by_role: dict[str, list[Person]] = {}
    for person in people:
        by_role.setdefault(person.role, []).append(person)
    chosen = []
    for person_role in (PersonRole.DCS, PersonRole.DCS_COORDINATOR, PersonRole.LSCB_CHAIR):
        if len(by_role.get(person_role, [])) == 1:
            chosen.append((by_role[person_role][0], ROLE_FOR_PERSON[person_role]))
    if not by_role.get(PersonRole.DCS) and len(by_role.get(PersonRole.CHIEF_EXECUTIVE, [])) == 1:
        chosen.insert(0, (by_role[PersonRole.CHIEF_EXECUTIVE][0], ContactRole.DCS))
    leaders_by_agency: dict[int, list[Person]] = {}
    for person in by_role.get(PersonRole.AGENCY_LEADER, []):
        if person.agency_id:
            leaders_by_agency.setdefault(person.agency_id, []).append(person)
    chosen += [(leaders[0], ContactRole.AGENCY_LEADER) for leaders in leaders_by_agency.values() if len(leaders) == 1]
    return chosen


def contacts_prefill(*, user, inspection: Inspection) -> list[InspectionContact]:
    """On planning by `user`: record the contacts `prefill_choices` finds. The lead corrects them
    on the inspection page."""
    return [
        _add(user=user, inspection=inspection, person=person, role=role)
        for person, role in prefill_choices(people_for(inspection))
    ]


def _replan(inspections) -> None:
    for inspection in inspections.exclude(stage__in=Stage.closed()).distinct().order_by("pk"):
        plan_changed_send(inspection)


# Someone's address lives in one place (a Person's email, an inspector's User's email); the
# message rows copy it when the plan is synced. Saving either re-syncs the open inspections
# they are on (the same path every other change takes) rather than looking the address up
# at send time: a row then always names the address it goes or went to, which is what the
# lead sees on the inspection page and what the notifications' sync remembers per key to know
# who was already told where. Resolved at send time, a sent row would name an address it did
# not go to, and a corrected address would never be told what the old one was sent.


@transaction.atomic
def person_save(*, user, person: Person) -> Person:
    """Save an area's person (the admin's add and change) and re-plan the unsent messages of
    every open inspection that has them as a contact, so a corrected name or e-mail address
    reaches what is still to go."""
    action = "add" if person._state.adding else "change"
    permissions.require(
        user.has_perm(f"inspections.{action}_person"), f"You do not have permission to {action} people."
    )
    person.save()
    _replan(Inspection.objects.filter(contacts__person=person))
    return person


@transaction.atomic
def account_save(*, user, account: AbstractUser) -> AbstractUser:
    """Save a log-in (the admin's user add and change forms) and re-plan the unsent messages of
    every open inspection whose team it is on, so an inspector's corrected name or e-mail
    address reaches what is still to go. The project changes a User's address nowhere else;
    code that does should call this too."""
    action = "add" if account._state.adding else "change"
    permissions.require(user.has_perm(f"auth.{action}_user"), f"You do not have permission to {action} users.")
    account.save()
    _replan(Inspection.objects.filter(team__inspector__user=account))
    return account
