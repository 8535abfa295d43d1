import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from inspections.calendar import working_calendar
from inspections.models import FrameworkVersion
from inspections.timeline import Rules, TimelineError, compute, onsite_start_from_notification


def _date(value: str, option: str) -> datetime.date:
    # strptime, not fromisoformat: Python 3.11 also takes 20160307 and 2016-W10-1.
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Print an inspection's milestones from its first day on site or its notification date."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--onsite-start", metavar="YYYY-MM-DD", help="The first day on site.")
        when.add_argument("--notification-date", metavar="YYYY-MM-DD", help="The day the DCS is notified.")
        parser.add_argument(
            "--framework", default="jtai-2016", metavar="SLUG", help="Framework version (default: jtai-2016)."
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        try:
            framework = FrameworkVersion.objects.get(slug=options["framework"])
        except FrameworkVersion.DoesNotExist:
            known = ", ".join(FrameworkVersion.objects.values_list("slug", flat=True))
            raise CommandError(f"No framework version {options['framework']!r}; known: {known}.") from None
        rules = Rules.from_framework(framework)
        calendar = working_calendar()
        try:
            if options["onsite_start"]:
                onsite_start = _date(options["onsite_start"], "--onsite-start")
            else:
                notification = _date(options["notification_date"], "--notification-date")
                onsite_start = onsite_start_from_notification(notification, rules, calendar)
            milestones = compute(onsite_start, rules, calendar)
        except TimelineError as error:
            raise CommandError(str(error)) from None
        except OverflowError:
            raise CommandError("That date is too far in the future to count working days from.") from None

        if options["format"] == "json":
            document = {"framework": framework.slug, "milestones": [m.as_json() for m in milestones]}
            self.stdout.write(json.dumps(document, indent=2))
            return
        self.stdout.write(f"{framework.name} ({framework.slug})")
        width = max(len(m.label) for m in milestones)
        for m in milestones:
            when = f"{m.date:%a %d %b %Y}" + (f" {m.time:%H:%M}" if m.time else "")
            self.stdout.write(f"  {m.label:<{width}}  {when}")
