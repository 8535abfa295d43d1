from .pages import change_stage, detail, meetings, plan, programme, reschedule

__all__ = ["change_stage", "detail", "meetings", "plan", "programme", "reschedule"]
