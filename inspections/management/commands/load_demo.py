from django.core.management.base import BaseCommand
from django.db import transaction

from consultations import demo as consultations_demo
from inspections import demo as inspections_demo
from inspections import demo_notifications

# In order: the notifications demo uses the people and accounts the inspections demo makes.
LOADERS = [inspections_demo.load, demo_notifications.load, consultations_demo.load]


class Command(BaseCommand):
    help = "Load the demo programme, accounts and consultation. Running it twice changes nothing."

    def handle(self, *args, **options):
        for load in LOADERS:
            with transaction.atomic():
                load(self.stdout)
