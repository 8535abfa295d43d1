"""The four "bellwether" measures the consultation's Annex 2 names, as reference data. Their columns
are those of the demo file; an admin changes a column to match a publication's file."""

from django.db import migrations

CIN = "Characteristics of children in need (Department for Education)"
BELLWETHERS = [
    # (order, name, unit, better, source table, column)
    (1, "Re-referrals within 12 months", "% of referrals", "lower", "referrals", "re_referrals_12m_pc"),
    (
        2,
        "Second or subsequent child protection plans",
        "% of plans started",
        "lower",
        "child protection plans",
        "cpp_second_or_subsequent_pc",
    ),
    (
        3,
        "Child protection plans lasting 2 years or more",
        "% of plans ended",
        "lower",
        "child protection plans",
        "cpp_two_years_or_more_pc",
    ),
    (
        4,
        "Assessments completed within 45 working days",
        "% of assessments",
        "higher",
        "assessments",
        "assessments_within_45_days_pc",
    ),
]


def add(apps, schema_editor):
    Indicator = apps.get_model("areas", "Indicator")
    for order, name, unit, better, table, column in BELLWETHERS:
        Indicator.objects.get_or_create(
            source_column=column,
            defaults={"name": name, "unit": unit, "better": better, "source": f"{CIN}: {table}", "order": order},
        )


def remove(apps, schema_editor):
    apps.get_model("areas", "Indicator").objects.filter(source_column__in=[b[-1] for b in BELLWETHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
