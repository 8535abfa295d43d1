"""The shape of a command that renders one document to a PDF file, outside the web process."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class RenderToFileCommand(BaseCommand):
    """Names one document by a positional argument and writes its PDF to `--output`.

    A subclass sets `subject` and `subject_help` and implements `render`, which raises
    `CommandError` (exit status 1, one line) when there is nothing to render."""

    subject: str
    subject_help: str

    def add_arguments(self, parser):
        parser.add_argument(self.subject, help=self.subject_help)
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    @staticmethod
    def found(queryset, missing: str):
        """The one row `queryset` selects, or a refusal saying `missing`."""
        row = queryset.first()
        if row is None:
            raise CommandError(missing)
        return row

    def render(self, key: str) -> tuple[bytes, str]:
        """The PDF of the document `key` names, and what to say about it before the byte count."""
        raise NotImplementedError

    def handle(self, *args, output, **options):
        key = options[self.subject]
        pdf, summary = self.render(key)
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None
        self.stdout.write(f"{summary}{len(pdf):,} bytes to {output}")
