from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _analysts_group(sender, using, **kwargs):
    from .permissions import analysts_group

    analysts_group(using=using)


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Consultations"

    def ready(self):
        # Services queue tasks by name (jtai/queues.py); registering them in every
        # process lets a queued task run as itself, eagerly too where that is configured.
        from . import tasks  # noqa: F401

        # After auth has made this app's permissions (its handler runs first, for every app).
        post_migrate.connect(_analysts_group, sender=self, dispatch_uid="consultations-analysts-group")
