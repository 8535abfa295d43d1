import json

from django.core.management.base import BaseCommand, CommandError

from consultations.definition import DefinitionError, consultation_load


class Command(BaseCommand):
    help = "Create or update a consultation from a definition file (JSON: slug, title, channels, sectors, questions)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the definition file, JSON")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc}") from None
        try:
            consultation = consultation_load(data=data)
        except DefinitionError as exc:
            raise CommandError(f"{file}: {exc}") from None
        self.stdout.write(
            f"Consultation {consultation.slug}: {consultation.channels.count()} channels, "
            f"{consultation.sectors.count()} sectors, {consultation.questions.count()} questions."
        )
