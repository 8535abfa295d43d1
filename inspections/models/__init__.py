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
    "PersonRole",
    "ScopeArea",
    "Stage",
    "StageChange",
    "TeamMembership",
    "Theme",
]
