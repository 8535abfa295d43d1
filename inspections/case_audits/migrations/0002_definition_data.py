"""The 2016 frameworks' size bands and the short list of documents the area is asked for.
Admins edit them afterwards; this never overwrites."""

from django.db import migrations

# (from a child population of, default number of cases): smaller areas 5, the largest 7.
SIZE_BANDS = [(0, 5), (50_000, 6), (100_000, 7)]
DOCUMENTS = [
    (
        "The front door's procedures",
        "How referrals reach children's social care and the partners: the multi-agency safeguarding hub or "
        "its equivalent. The current version only.",
    ),
    (
        "The safeguarding board's latest annual report",
        "As published. If the board has not published one, say so.",
    ),
    (
        "The area's own evaluation of its response to the deep-dive theme",
        "Only if one exists: do not write one for the inspection.",
    ),
]


def forwards(apps, schema_editor):
    FrameworkVersion = apps.get_model("inspections", "FrameworkVersion")
    SizeBand = apps.get_model("case_audits", "SizeBand")
    RequestedDocument = apps.get_model("case_audits", "RequestedDocument")
    for framework in FrameworkVersion.objects.filter(slug__in=["jtai-2016", "ofsted-targeted-2016"]):
        for population, cases in SIZE_BANDS:
            SizeBand.objects.get_or_create(framework=framework, from_population=population, defaults={"cases": cases})
        for order, (title, description) in enumerate(DOCUMENTS):
            RequestedDocument.objects.get_or_create(
                framework=framework, title=title, defaults={"description": description, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("case_audits", "0001_initial"),
        ("inspections", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
