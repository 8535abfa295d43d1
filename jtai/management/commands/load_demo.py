import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from api import demo as api_demo
from consultations import demo as consultations_demo
from inspections import demo as inspections_demo
from inspections.areas import demo as areas_demo
from inspections.case_audits import demo as case_audits_demo
from inspections.fieldwork import demo as fieldwork_demo
from inspections.notifications import demo as notifications_demo
from inspections.reports import demo as reports_demo
from jtai import demo as two_factor_demo

# In order: each app's demo uses the people and accounts the ones before it make.
LOADERS = [
    inspections_demo.load,
    notifications_demo.load,
    case_audits_demo.load,
    fieldwork_demo.load,
    reports_demo.load,
    areas_demo.load,
    consultations_demo.load,
    api_demo.load,
]


class _Tee:
    """Writes to the command's output as it goes, and keeps a copy."""

    def __init__(self, *outs):
        self.outs = outs

    def write(self, text: str) -> None:
        for out in self.outs:
            if isinstance(out, io.StringIO):
                out.write(text)
            else:
                out.write(text, ending="")


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
        printed = io.StringIO()
        out = _Tee(self.stdout, printed)
        for load in LOADERS:
            with transaction.atomic():
                load(out)
        accounts = demo_accounts(printed.getvalue())
        # Last, once every app made its accounts: the second factor of those that must give one.
        second_factor = io.StringIO()
        with transaction.atomic():
            two_factor_demo.load(_Tee(self.stdout, second_factor))
        if accounts:
            path = settings.DEMO_ACCOUNTS_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                f"Sign in at {settings.SITE_URL}/sign-in/ with a demo account.\n{accounts}{second_factor.getvalue()}"
            )


def demo_accounts(printed: str) -> str:
    """The demo accounts from what the demo loaders printed: every "Demo accounts" heading's
    indented rows (each app's demo lists the accounts it makes), as one table."""
    lines = printed.splitlines()
    heading, rows = None, []
    for n, line in enumerate(lines):
        if not line.startswith("Demo accounts"):
            continue
        heading = heading or line
        for row in lines[n + 1 :]:
            if not row.startswith("  "):
                break
            rows.append(row)
    if heading is None:
        return ""
    return "\n".join([heading, *rows]) + "\n"
