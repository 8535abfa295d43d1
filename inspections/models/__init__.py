from .framework import FrameworkVersion, NotificationOrder, ScopeArea, Theme
from .inspection import Inspection, Milestone, Stage, StageChange, TeamMembership
from .reference import Agency, AgencyKind, Area, Inspector, Inspectorate, NonWorkingDay, Person, PersonRole

__all__ = [
    "Agency",
    "AgencyKind",
    "Area",
    "FrameworkVersion",
    "Inspection",
    "Inspector",
    "Inspectorate",
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
