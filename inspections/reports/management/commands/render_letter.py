from django.core.management.base import CommandError

from inspections.models import Inspection
from jtai.render_command import RenderToFileCommand

from ... import renders


class Command(RenderToFileCommand):
    help = "Render an inspection's current letter of findings to a PDF file, outside the web process."
    subject = "reference"
    subject_help = "The inspection's reference, e.g. JTAI-2016-001."

    def render(self, reference):
        inspection = self.found(Inspection.objects.filter(reference=reference), f"There is no inspection {reference}.")
        content = renders.current_letter_content(inspection)
        if content is None:
            raise CommandError(f"{reference} has no letter yet: its team has recorded no findings.")
        return renders.letter_pdf_bytes(content), f"{reference}: {content['paragraph_count']} paragraphs, "
