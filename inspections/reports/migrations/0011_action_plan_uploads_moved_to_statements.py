# The uploads were moved to the areas app's written statements first (areas 0004).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0010_thematic_report_is_the_authors_text"),
        ("areas", "0004_action_plan_uploads_moved"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicalactionplansubmission",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalactionplansubmission",
            name="letter",
        ),
        migrations.RemoveField(
            model_name="historicalactionplansubmission",
            name="uploaded_by",
        ),
        migrations.DeleteModel(
            name="ActionPlanSubmission",
        ),
        migrations.DeleteModel(
            name="HistoricalActionPlanSubmission",
        ),
    ]
