from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from consultations import demo as consultations_demo
from inspections import demo as inspections_demo
from inspections.notifications import demo as notifications_demo
from inspections.reports import demo as reports_demo

# In order: each app's demo uses the people and accounts the ones before it make.
LOADERS = [inspections_demo.load, notifications_demo.load, reports_demo.load, consultations_demo.load]


class Command(BaseCommand):
    help = "Load the demo programme, accounts and consultation. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load the demo even with DEBUG=0 (its accounts share one password)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like production, and the demo's accounts (a superuser among them) "
                "share a published password. Use --force to load it anyway."
            )
        for load in LOADERS:
            with transaction.atomic():
                load(self.stdout)
