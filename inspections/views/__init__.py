from .pages import change_stage, detail, healthz, home, plan, programme, reschedule

__all__ = ["change_stage", "detail", "healthz", "home", "plan", "programme", "reschedule"]
