from .pages import change_stage, detail, plan, programme, reschedule

__all__ = ["change_stage", "detail", "plan", "programme", "reschedule"]
