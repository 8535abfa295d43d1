from django.core.management.base import BaseCommand

from inspections.notifications.dispatch import notifications_dispatch


class Command(BaseCommand):
    help = (
        "Send every notification, invitation and reminder that is due, once (beat checks every "
        "NOTIFICATIONS_DISPATCH_INTERVAL seconds). Safe to run alongside the workers: claimed messages "
        "are never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=None, help="Messages claimed at a time (default NOTIFICATIONS_BATCH_SIZE)"
        )

    def handle(self, *args, batch_size=None, **options):
        result = notifications_dispatch(batch_size=batch_size, time_budget=float("inf"))
        self.stdout.write(f"Sent {result.sent}, to retry later {result.retried}, failed {result.failed}.")
