from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # Services queue tasks by name (consultations/queue.py); registering them in every
        # process lets a queued task run as itself, eagerly too where that is configured.
        from . import tasks  # noqa: F401
