from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Theme

from ... import renders, selectors


class Command(BaseCommand):
    help = "Render a deep-dive theme's thematic overview report to a PDF file, outside the web process."

    def add_arguments(self, parser):
        parser.add_argument("theme_slug", help="The theme's slug, e.g. cse-and-missing.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, theme_slug, output, **options):
        theme = Theme.objects.filter(slug=theme_slug).first()
        if theme is None:
            raise CommandError(f"There is no theme {theme_slug}.")
        report = selectors.thematic_report_of(theme)
        if report is None:
            raise CommandError(f"{theme_slug} has no thematic report yet: a manager writes its summary first.")
        pdf = renders.thematic_pdf_bytes(report)
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(f"{theme_slug}: {len(pdf):,} bytes to {output}")
