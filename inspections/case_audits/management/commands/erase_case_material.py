from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from inspections.templatetags.jtai_format import govuk_date

from ... import retention


def _described(material) -> str:
    return (
        f"{material.inspection.reference} (published {govuk_date(material.published_on)}, "
        f"due {govuk_date(material.due_on)}): {material.cases} cases, {material.texts} free-text records, "
        f"{material.files} files, {material.bytes:,} bytes"
    )


class Command(BaseCommand):
    help = (
        "Erase the case-audit free text and files of inspections published more than "
        "CASE_AUDITS_RETENTION_MONTHS ago, as the daily task does; --dry-run shows what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would be erased; change nothing.")

    def handle(self, *args, dry_run, **options):
        due = retention.erasure_due()
        months = retention.retention_months()
        if not due:
            self.stdout.write(f"Nothing is due for erasure ({months} month{pluralize(months)} after publication).")
            return
        if dry_run:
            for material in due:
                self.stdout.write(f"Would erase {_described(material)}")
            self.stdout.write(f"Dry run: nothing was changed. {len(due)} inspection(s) due.")
            return
        described = {m.inspection.pk: _described(m) for m in due}
        records = retention.case_material_erase_due()
        for record in records:
            self.stdout.write(f"Erased {described[record.inspection_id]}; {record.history_rows} history copies blanked")
        self.stdout.write(f"Erased the case-audit material of {len(records)} inspection(s).")
