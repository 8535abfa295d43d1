from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jtai.errors import DomainError

from ...imports import ImportFailed, indicator_import_run


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV file in the layout of the Department for Education's statistics "
        "files. All or nothing: a file with any error imports nothing. A year the file holds replaces that year."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not a CSV file saved as UTF-8.") from None
        try:
            done = indicator_import_run(name=path.name, text=text)
        except ImportFailed as failed:
            lines = "\n".join(f"  {error}" for error in failed.errors)
            raise CommandError(f"{failed.message}:\n{lines}") from None
        except DomainError as error:
            raise CommandError(error.message) from None
        summary = done.summary
        years = ", ".join(str(y) for y in summary["years"])
        self.stdout.write(
            f"Imported {summary['values']} values ({summary['not_published']} not published) "
            f"of {len(summary['indicators'])} indicators for the years ending March {years}."
        )
        if summary["ignored_columns"]:
            self.stdout.write(f"Columns no indicator reads, ignored: {', '.join(summary['ignored_columns'])}.")
