import sys

from django.core.management.base import BaseCommand, CommandError

from consultations.imports import ImportFailed, responses_import
from consultations.models import Consultation


class Command(BaseCommand):
    help = "Import responses from a CSV file (respondent_id, channel, sector, one column per question). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the consultation's slug")
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args, slug, file, **options):
        consultation = Consultation.objects.filter(slug=slug).first()
        if consultation is None:
            raise CommandError(f"No consultation with slug {slug!r}")
        verbose = options["verbosity"] > 1 and sys.stderr.isatty()

        def progress(rows, _bytes):
            if verbose:
                self.stderr.write(f"\r{rows} rows read", ending="")

        try:
            with open(file, "rb") as f:
                result = responses_import(consultation=consultation, file=f, progress=progress)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except ImportFailed as failed:
            for error in failed.result.errors:
                self.stderr.write(f"line {error.line}: {error.reason}")
            hidden = failed.result.error_count - len(failed.result.errors)
            if hidden:
                self.stderr.write(f"and {hidden} more")
            raise CommandError(f"{failed.result.error_count} bad row(s) in {file}: nothing was imported.") from None
        self.stdout.write(
            f"{result.rows} rows: {result.created} respondents imported, {result.unchanged} already imported unchanged."
        )
