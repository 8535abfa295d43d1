from .pages import change_stage, detail, healthz, home, plan, programme

__all__ = ["change_stage", "detail", "healthz", "home", "plan", "programme"]
