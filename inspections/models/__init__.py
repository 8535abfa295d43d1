# Kept here for the callers that read it with the models; its home is the calendar.
from ..calendar import local_moment
from .contact import COUNCIL_AGENCY_KINDS, ContactRole, InspectionContact, agencies_taking_part, agency_spoken_for
from .framework import FrameworkVersion, NotificationOrder, ScopeArea, Theme
from .inspection import (
    ChosenBecause,
    Inspection,
    Milestone,
    MilestoneKey,
    Stage,
    StageChange,
    TeamMembership,
    in_sentence,
    meeting_label,
)
from .programme import Programme
from .reference import Agency, AgencyKind, Area, Inspector, Inspectorate, NonWorkingDay, Person, PersonRole

__all__ = [
    "ChosenBecause",
    "COUNCIL_AGENCY_KINDS",
    "Agency",
    "AgencyKind",
    "Area",
    "ContactRole",
    "FrameworkVersion",
    "Inspection",
    "InspectionContact",
    "Inspector",
    "Inspectorate",
    "Milestone",
    "MilestoneKey",
    "NonWorkingDay",
    "NotificationOrder",
    "Person",
    "PersonRole",
    "Programme",
    "ScopeArea",
    "Stage",
    "StageChange",
    "TeamMembership",
    "Theme",
    "agencies_taking_part",
    "agency_spoken_for",
    "in_sentence",
    "local_moment",
    "meeting_label",
]
