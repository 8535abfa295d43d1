"""Local contacts on an inspection: who is its DCS, its DCS coordinator and each agency's
senior leader, chosen from the area's people."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .framework import NotificationOrder
from .inspection import Inspection
from .reference import Agency, AgencyKind, Person

# Agencies that are part of the council for an Ofsted-only inspection ("the council alone").
COUNCIL_AGENCY_KINDS = (AgencyKind.COUNCIL, AgencyKind.LSCB)


class ContactRole(models.TextChoices):
    DCS = "dcs", "Director of Children's Services"
    DCS_COORDINATOR = "dcs_coordinator", "DCS coordinator"
    LSCB_CHAIR = "lscb_chair", "LSCB chair"
    AGENCY_LEADER = "agency_leader", "Agency senior leader"


class InspectionContact(models.Model):
    """A local contact on one inspection, chosen from the area's people by the lead inspector."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="inspection_contacts")
    role = models.CharField(max_length=30, choices=ContactRole.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency a senior leader speaks for; blank for the DCS and coordinator.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "agency__name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"], condition=models.Q(role="dcs"), name="one_dcs_per_inspection"
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="dcs_coordinator"),
                name="one_coordinator_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=models.Q(role="lscb_chair"),
                name="one_lscb_chair_per_inspection",
            ),
            models.UniqueConstraint(
                fields=["inspection", "agency"],
                condition=models.Q(role="agency_leader"),
                name="one_leader_per_agency_per_inspection",
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()} for {self.inspection.reference}"

    @property
    def is_council(self) -> bool:
        return self.agency is None or self.agency.kind in COUNCIL_AGENCY_KINDS

    # Who an inspection tells, the one rule, twice over: as a test of one contact (the message
    # plan, the contacts service) and as a query (who may see the inspection). The DCS, the
    # coordinator and the LSCB's chair always ("the council and its LSCB"); agency leaders on a
    # joint inspection; on an Ofsted-only one, the council's own leaders alone.
    ALWAYS_TOLD = (ContactRole.DCS, ContactRole.DCS_COORDINATOR, ContactRole.LSCB_CHAIR)

    def is_told(self, inspection: Inspection | None = None) -> bool:
        inspection = inspection or self.inspection
        return (
            self.role in self.ALWAYS_TOLD
            or inspection.framework.notification_order == NotificationOrder.DCS_THEN_PARTNERS
            or self.is_council
        )

    @staticmethod
    def told_q() -> models.Q:
        return (
            models.Q(role__in=InspectionContact.ALWAYS_TOLD)
            | models.Q(inspection__framework__notification_order=NotificationOrder.DCS_THEN_PARTNERS)
            | models.Q(agency__isnull=True)
            | models.Q(agency__kind__in=COUNCIL_AGENCY_KINDS)
        )
