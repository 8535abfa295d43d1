from django.core.management.base import CommandError

from inspections.models import Theme
from jtai.render_command import RenderToFileCommand

from ... import renders, selectors


class Command(RenderToFileCommand):
    help = "Render a deep-dive theme's thematic overview report to a PDF file, outside the web process."
    subject = "theme_slug"
    subject_help = "The theme's slug, e.g. cse-and-missing."

    def render(self, theme_slug):
        theme = self.found(Theme.objects.filter(slug=theme_slug), f"There is no theme {theme_slug}.")
        report = selectors.thematic_report_of(theme)
        if report is None:
            raise CommandError(f"{theme_slug} has no thematic report yet: a manager writes its summary first.")
        # The report as its authors are writing it, over every letter published on the theme so far.
        return renders.thematic_pdf_bytes(theme=theme, report=report), f"{theme_slug}: "
