"""Who may do what with an inspection's letter. Views and services ask here; templates reflect it.

Secrecy holds as in the core (`inspections.permissions`): whoever cannot see an inspection gets
a 404 from `inspection_for`; local users see its letter only once the draft has been sent to
the area, and never the team's workings (findings being written, decisions before they are made).
"""

from __future__ import annotations

from inspections import permissions as core
from inspections.models import ContactRole, Inspection, InspectionContact, Stage

from .models import Letter, LetterStatus


def letter_is_open(inspection: Inspection, letter: Letter | None) -> bool:
    """Findings and recommendations change while the team writes the draft (reporting), and again
    once the area's response is in, to make the corrections the team accepts; not while the draft
    is with the area, nor once the final letter is made."""
    if inspection.stage == Stage.REPORTING:
        return letter is None or letter.status == LetterStatus.DRAFTING
    return inspection.stage == Stage.FACTUAL_ACCURACY and letter is not None and letter.status == LetterStatus.RESPONDED


def writes_findings(user, inspection: Inspection, letter: Letter | None) -> bool:
    return core.sees_team_workings(user, inspection) and letter_is_open(inspection, letter)


def manages_letter(user, inspection: Inspection) -> bool:
    """Send the draft, render the final letter, publish: the lead inspector or a manager."""
    return core.can_manage(user, inspection)


def decides_comments(user, inspection: Inspection) -> bool:
    """The team decides on each comment of the partnership's response."""
    return core.sees_team_workings(user, inspection)


def local_contacts_of(user, inspection: Inspection) -> list[InspectionContact]:
    """The contacts on this inspection that this log-in is (told ones only)."""
    if not user.is_authenticated:
        return []
    return list(
        InspectionContact.objects.filter(inspection=inspection, person__user=user)
        .filter(InspectionContact.told_q())
        .select_related("agency", "person")
    )


def coordinating_contact(user, inspection: Inspection) -> InspectionContact | None:
    """The DCS or the DCS coordinator: they coordinate the partnership's single response."""
    return next(
        (c for c in local_contacts_of(user, inspection) if c.role in InspectionContact.COUNCIL_ROLES),
        None,
    )


def commenting_contact(user, inspection: Inspection) -> InspectionContact | None:
    """Whom a comment on the draft is from: the coordinator or DCS (for the council), or an
    agency's contributor.

    The one place to extend who comments for an agency: an agency's senior leader on the
    inspection. Case-audit contributors (the case-audits app's `Contributor` rows) are no
    inspection contacts, so they do not comment on the draft."""
    contacts = local_contacts_of(user, inspection)
    coordinating = next((c for c in contacts if c.role in InspectionContact.COUNCIL_ROLES), None)
    if coordinating is not None:
        return coordinating
    return next((c for c in contacts if c.role == ContactRole.AGENCY_LEADER and c.agency_id), None)


def is_local_reader(user, inspection: Inspection) -> bool:
    return bool(local_contacts_of(user, inspection))


def sees_all_comments(user, inspection: Inspection, letter: Letter) -> bool:
    """The team once the response is in; the DCS and coordinator always; an agency sees only its
    own comments until the coordinator submits the response, and all of them afterwards."""
    if core.sees_team_workings(user, inspection):
        return letter.status not in (LetterStatus.DRAFTING, LetterStatus.WITH_AREA)
    if coordinating_contact(user, inspection) is not None:
        return True
    return letter.status not in (LetterStatus.DRAFTING, LetterStatus.WITH_AREA)


def reads_action_plan(user, inspection: Inspection, letter: Letter | None) -> bool:
    """The written statement of action is the partnership's multi-agency response to the published
    letter: the team reads it, and so does every partner told of the inspection (the DCS, the
    coordinator, each agency's senior leader). Only the DCS or the coordinator sends it."""
    if letter is None or not letter.is_published:
        return False
    return core.sees_team_workings(user, inspection) or commenting_contact(user, inspection) is not None


def submits_action_plan(user, inspection: Inspection) -> bool:
    """The DCS or the coordinator, for the partnership; the other partners' leaders read it."""
    return coordinating_contact(user, inspection) is not None
