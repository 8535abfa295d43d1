"""The report PDF's claim token becomes a UUID, released as NULL, as every other job's is."""

import uuid

from django.db import migrations, models


def blank_to_null(apps, schema_editor):
    ReportPdf = apps.get_model("consultations", "ReportPdf")
    for pk, token in ReportPdf.objects.exclude(claim_token__isnull=True).values_list("pk", "claim_token"):
        try:
            uuid.UUID(hex=token)
        except ValueError:
            # No claim (or none a worker could hold): its lease, if any, lets the next run take over.
            ReportPdf.objects.filter(pk=pk).update(claim_token=None)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_import_confirmation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportpdf",
            name="claim_token",
            field=models.CharField(max_length=32, null=True, blank=True),
        ),
        migrations.RunPython(blank_to_null, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportpdf",
            name="claim_token",
            field=models.UUIDField(blank=True, null=True),
        ),
    ]
