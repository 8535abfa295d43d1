import json

from django.core.management.base import BaseCommand, CommandError

from consultations.exports import tables_csv
from consultations.models import Consultation
from consultations.tables import consultation_tables


class Command(BaseCommand):
    help = "Print a consultation's tables (responses per channel, sectors, closed questions) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the consultation's slug")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, slug, **options):
        consultation = Consultation.objects.filter(slug=slug).first()
        if consultation is None:
            raise CommandError(f"No consultation with slug {slug!r}")
        tables = consultation_tables(consultation=consultation)
        if options["format"] == "csv":
            self.stdout.write(tables_csv(tables), ending="")
        else:
            self.stdout.write(json.dumps(tables.as_dict(), indent=2, ensure_ascii=False))
