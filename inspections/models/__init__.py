from .framework import FrameworkVersion, NotificationOrder, ScopeArea, Theme
from .inspection import Inspection, Milestone, Stage, StageChange, TeamMembership
from .notification import (
    CalendarEvent,
    ContactRole,
    InspectionContact,
    Message,
    MessageKind,
    MessageStatus,
)
from .programme import Programme
from .reference import Agency, AgencyKind, Area, Inspector, Inspectorate, NonWorkingDay, Person, PersonRole

__all__ = [
    "Agency",
    "AgencyKind",
    "Area",
    "CalendarEvent",
    "ContactRole",
    "FrameworkVersion",
    "Inspection",
    "InspectionContact",
    "Inspector",
    "Inspectorate",
    "Message",
    "MessageKind",
    "MessageStatus",
    "Milestone",
    "NonWorkingDay",
    "NotificationOrder",
    "Person",
    "Programme",
    "PersonRole",
    "ScopeArea",
    "Stage",
    "StageChange",
    "TeamMembership",
    "Theme",
]
