from django.core.management.base import CommandError
from django.utils import timezone

from inspections.models import Inspection
from jtai.render_command import RenderToFileCommand

from ... import renders, selectors


class Command(RenderToFileCommand):
    help = (
        "Render an inspection's final letter of findings to a PDF file, outside the web process; with --draft, "
        "the letter as it stands now, marked as a draft."
    )
    subject = "reference"
    subject_help = "The inspection's reference, e.g. JTAI-2016-001."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--draft", action="store_true", help="Render the current draft, marked as one, even after publication."
        )

    def render(self, reference):
        inspection = self.found(Inspection.objects.filter(reference=reference), f"There is no inspection {reference}.")
        if self.draft:
            if selectors.letter_of(inspection) is None:
                raise CommandError(f"{reference} has no letter yet: its team has recorded no findings.")
            content = selectors.composed_letter(inspection)
            pdf = renders.letter_pdf_bytes(content, draft_on=timezone.localdate())
            return pdf, f"{reference} draft: {content['paragraph_count']} paragraphs, "
        final = renders.final_letter_version(inspection)
        if final is None:
            raise CommandError(f"{reference} has no final letter yet: render the current draft with --draft.")
        pdf = renders.letter_pdf_bytes(final.content, number=final.number)
        return pdf, f"{reference}: {final.content['paragraph_count']} paragraphs, "

    def handle(self, *args, draft=False, **options):
        self.draft = draft
        return super().handle(*args, **options)
