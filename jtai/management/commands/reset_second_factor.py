from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jtai.two_factor import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and backup codes (a lost phone): "
        "they set up a new app when they next sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username}.")
        second_factor_reset(user=user)
        self.stdout.write(
            f"Two-factor authentication reset for {username}: they set it up again when they next sign in."
        )
