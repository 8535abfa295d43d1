"""Local contacts on an inspection: who is its DCS, its DCS coordinator and each agency's
senior leader, chosen from the area's people."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .framework import NotificationOrder
from .inspection import Inspection, in_sentence
from .reference import Agency, AgencyKind, Person, PersonRole

# Agencies that are part of the council for an Ofsted-only inspection ("the council alone").
COUNCIL_AGENCY_KINDS = (AgencyKind.COUNCIL, AgencyKind.LSCB)


def agencies_taking_part(inspection: Inspection) -> models.QuerySet[Agency]:
    """The area's agencies that take part in an inspection (its case audits among them): every one
    for a joint inspection, the council alone for an Ofsted-only one."""
    agencies = Agency.objects.filter(areas=inspection.area_id)
    if inspection.is_ofsted_only:
        agencies = agencies.filter(kind__in=COUNCIL_AGENCY_KINDS)
    return agencies


# The roles a person may hold on one inspection: four of a local contact's roles, with the same
# values and words (PersonRole is their home).
ContactRole = models.TextChoices(
    "ContactRole",
    [
        (role.name, (role.value, role.label))
        for role in (PersonRole.DCS, PersonRole.DCS_COORDINATOR, PersonRole.LSCB_CHAIR, PersonRole.AGENCY_LEADER)
    ],
)


def agency_spoken_for(help_text: str) -> models.ForeignKey:
    """The agency a local contact speaks for, on the contact and on what they write: blank for the
    council's own people (the DCS, the coordinator)."""
    return models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text=help_text
    )


class ContactQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)

    def former(self):
        return self.filter(ended_at__isnull=False)


class CurrentContacts(models.Manager.from_queryset(ContactQuerySet)):
    """The contacts still in their role. A replaced or removed contact is kept, so that what
    they did (their comments, their return, the messages sent to them) still names them, but
    they are nobody's contact any more: `inspection.contacts` and every page, plan and
    permission built on it leave them out. `InspectionContact.with_former` has them all."""

    def get_queryset(self):
        return super().get_queryset().filter(ended_at__isnull=True)


class InspectionContact(models.Model):
    """A local contact on one inspection, chosen from the area's people by the lead inspector.
    Ended (`ended_at`) rather than deleted when replaced or removed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="inspection_contacts")
    role = models.CharField(max_length=30, choices=ContactRole.choices)
    agency = agency_spoken_for("The agency a senior leader speaks for; blank for the DCS and coordinator.")
    ended_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When they stopped being this contact; blank while they are."
    )
    history = HistoricalRecords()

    objects = CurrentContacts()
    with_former = ContactQuerySet.as_manager()

    class Meta:
        default_manager_name = "objects"
        ordering = ["role", "agency__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="dcs", ended_at__isnull=True),
                name="one_dcs_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="dcs_coordinator", ended_at__isnull=True),
                name="one_coordinator_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="lscb_chair", ended_at__isnull=True),
                name="one_lscb_chair_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["inspection", "agency"],
                condition=models.Q(role="agency_leader", ended_at__isnull=True),
                name="one_leader_per_agency_per_inspection",
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()} for {self.inspection.reference}"

    @property
    def role_in_sentence(self) -> str:
        """The role as said of them mid-sentence: "DCS coordinator", "agency senior leader for Northshire Police"."""
        label = in_sentence(self.get_role_display())
        return f"{label} for {self.agency.name}" if self.role == ContactRole.AGENCY_LEADER and self.agency else label

    @property
    def is_council(self) -> bool:
        return self.agency is None or self.agency.kind in COUNCIL_AGENCY_KINDS

    # Who an inspection tells, the one rule, twice over: as a test of one contact (the message
    # plan, the contacts service) and as a query (who may see the inspection). The DCS, the
    # coordinator and the LSCB's chair always ("the council and its LSCB"); agency leaders on a
    # joint inspection; on an Ofsted-only one, the council's own leaders alone. A contact who has
    # ended is told nothing more, and loses access with it.
    ALWAYS_TOLD = (ContactRole.DCS, ContactRole.DCS_COORDINATOR, ContactRole.LSCB_CHAIR)

    def is_told(self, inspection: Inspection | None = None) -> bool:
        inspection = inspection or self.inspection
        return self.ended_at is None and (
            self.role in self.ALWAYS_TOLD
            or inspection.framework.notification_order == NotificationOrder.DCS_THEN_PARTNERS
            or self.is_council
        )

    # The DCS and their coordinator both answer for the council: either may send the partnership's
    # single factual-accuracy response.
    COUNCIL_ROLES = (ContactRole.DCS, ContactRole.DCS_COORDINATOR)

    # The coordinator, or the DCS until one is named: who returns the case audits and gets the
    # coordinator's reminders. One rule again, for a user's roles (next steps), for an
    # inspection's contacts (the message plan) and as a query.

    @staticmethod
    def coordinates(roles, *, coordinator_named: bool) -> bool:
        """Whether someone holding `roles` on an inspection is the one who coordinates."""
        return ContactRole.DCS_COORDINATOR in roles or (ContactRole.DCS in roles and not coordinator_named)

    @staticmethod
    def coordinating(contacts) -> InspectionContact | None:
        """Of an inspection's contacts, the one who coordinates."""
        current = [c for c in contacts if c.ended_at is None]
        return next((c for c in current if c.role == ContactRole.DCS_COORDINATOR), None) or next(
            (c for c in current if c.role == ContactRole.DCS), None
        )

    @staticmethod
    def coordinating_q() -> models.Q:
        named = InspectionContact.objects.filter(
            inspection=models.OuterRef("inspection"), role=ContactRole.DCS_COORDINATOR
        )
        return models.Q(ended_at__isnull=True) & (
            models.Q(role=ContactRole.DCS_COORDINATOR) | (models.Q(role=ContactRole.DCS) & ~models.Exists(named))
        )

    @staticmethod
    def told_q() -> models.Q:
        return models.Q(ended_at__isnull=True) & (
            models.Q(role__in=InspectionContact.ALWAYS_TOLD)
            | models.Q(inspection__framework__notification_order=NotificationOrder.DCS_THEN_PARTNERS)
            | models.Q(agency__isnull=True)
            | models.Q(agency__kind__in=COUNCIL_AGENCY_KINDS)
        )
