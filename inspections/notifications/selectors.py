"""Reads about an inspection's messages: the inspection page's notifications section, and
who holds which meeting in their calendar. Selectors write nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from inspections import permissions
from inspections.models import ContactRole, Inspection, InspectionContact, Inspector, TeamMembership

from .models import GONE, INVITE_KINDS, Message, MessageKind, MessageStatus, mail_address


def meeting_holders(messages: list[Message]) -> dict[int, dict[str, Message]]:
    """Who has each meeting in their calendar now, by event and address, with the invitation
    they hold: their latest message about it that went (or may have gone) is an invitation, not
    a cancellation. The one answer to "does this person already hold this meeting"."""
    latest: dict[tuple[int, str], Message] = {}
    for m in sorted(messages, key=lambda m: m.pk):
        if m.event_id and m.status in GONE and (m.kind in INVITE_KINDS or m.kind == MessageKind.MEETING_CANCELLED):
            latest[(m.event_id, mail_address(m.recipient_email))] = m
    holders: dict[int, dict[str, Message]] = {}
    for (event_id, address), m in latest.items():
        if m.kind in INVITE_KINDS:
            holders.setdefault(event_id, {})[address] = m
    return holders


def held_invitation(message: Message) -> Message | None:
    """The invitation by which the recipient of `message` (an invitation) already holds its
    meeting from an earlier message, so that this one updates their calendar entry rather than
    adding one; None for someone invited late, after it moved, or again after a cancellation
    reached them."""
    earlier = list(
        Message.objects.filter(
            event_id=message.event_id,
            recipient_email__iexact=message.recipient_email.strip(),
            status=MessageStatus.SENT,
        ).exclude(pk=message.pk)
    )
    return meeting_holders(earlier).get(message.event_id, {}).get(mail_address(message.recipient_email))


def holds_meeting(message: Message) -> bool:
    """Whether the recipient of `message` (an invitation) already holds its meeting."""
    return held_invitation(message) is not None


@dataclass
class NotificationsPanel:
    visible: bool
    can_manage: bool = False
    messages: list[Message] = field(default_factory=list)
    contacts: list[InspectionContact] = field(default_factory=list)

    @property
    def failed(self) -> list[Message]:
        return [m for m in self.messages if m.status == MessageStatus.FAILED]

    @property
    def dcs_missing(self) -> bool:
        return not any(c.role == ContactRole.DCS for c in self.contacts)


def notifications_panel(*, user, inspection: Inspection) -> NotificationsPanel:
    """What the section shows, in three queries whatever the number of messages."""
    if not permissions.sees_team_workings(user, inspection):
        return NotificationsPanel(visible=False)
    return NotificationsPanel(
        visible=True,
        can_manage=permissions.can_manage(user, inspection),
        messages=list(inspection.messages.exclude(status=MessageStatus.WITHDRAWN).order_by("due_at", "priority", "pk")),
        contacts=list(inspection.contacts.select_related("person", "agency")),
    )


def lead_inspector(inspection: Inspection) -> Inspector | None:
    """The inspection's lead inspector, whom every message to the area names as its contact."""
    return lead_inspectors([inspection.pk]).get(inspection.pk)


def lead_inspectors(inspection_ids) -> dict[int, Inspector]:
    """The lead inspector of each of these inspections that has one, in one query."""
    leads: dict[int, Inspector] = {}
    memberships = TeamMembership.objects.filter(inspection_id__in=set(inspection_ids), is_lead=True)
    for membership in memberships.select_related("inspector__user"):
        leads.setdefault(membership.inspection_id, membership.inspector)
    return leads


def area_contacts(inspection_ids, role: str) -> dict[int, InspectionContact]:
    """Each inspection's first contact in `role` (by the contacts' own order), in one query."""
    found: dict[int, InspectionContact] = {}
    for contact in InspectionContact.objects.filter(inspection_id__in=set(inspection_ids), role=role).select_related(
        "person"
    ):
        found.setdefault(contact.inspection_id, contact)
    return found
