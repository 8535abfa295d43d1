from .meetings import inspection_meetings_change
from .planning import (
    PlanningWarning,
    inspection_plan,
    inspection_preview,
    inspection_reschedule,
    milestone_meet,
    milestones_store,
)
from .stages import StageError, inspection_transition

__all__ = [
    "PlanningWarning",
    "StageError",
    "inspection_meetings_change",
    "inspection_plan",
    "inspection_preview",
    "inspection_reschedule",
    "inspection_transition",
    "milestone_meet",
    "milestones_store",
]
