import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jtai.settings")

app = Celery("jtai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_configure.connect
def _make_broker_folders(sender, **kwargs):
    """The filesystem transport (quickstart, no Redis) needs its folders to exist."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)


@worker_ready.connect
def print_demo_accounts(sender=None, **kwargs):
    """In development (DEBUG on), print the demo accounts again below the worker's start-up banner,
    which otherwise scrolls `make run`'s table of them away."""
    from django.conf import settings

    if not settings.DEBUG:
        return
    path = Path(settings.DEMO_ACCOUNTS_FILE)
    if path.exists():
        print(f"\n{path.read_text()}", flush=True)
