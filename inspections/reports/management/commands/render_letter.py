from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection

from ... import renders


class Command(BaseCommand):
    help = "Render an inspection's current letter of findings to a PDF file, outside the web process."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The inspection's reference, e.g. JTAI-2016-001.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, reference, output, **options):
        inspection = Inspection.objects.filter(reference=reference).first()
        if inspection is None:
            raise CommandError(f"There is no inspection {reference}.")
        content = renders.current_letter_content(inspection)
        if content is None:
            raise CommandError(f"{reference} has no letter yet: its team has recorded no findings.")
        pdf = renders.letter_pdf_bytes(content)
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(f"{reference}: {content['paragraph_count']} paragraphs, {len(pdf):,} bytes to {output}")
