"""Closed answers move onto their respondent (`options`, one row per respondent); `Answer` keeps
the free text alone. Respondents lose their database-level foreign keys and their channel index
(ADR 0013: the import's cost was writing and checking them)."""

import django.db.models.deletion
from django.db import migrations, models

import consultations.models

BATCH = 2000


def closed_answers_to_options(apps, schema_editor):
    Answer = apps.get_model("consultations", "Answer")
    Respondent = apps.get_model("consultations", "Respondent")
    chosen = (
        Answer.objects.filter(option__isnull=False)
        .order_by("respondent_id", "question__position", "question_id")
        .values_list("respondent_id", "option_id")
    )
    options: dict[int, list[int]] = {}
    for respondent_id, option_id in chosen.iterator(chunk_size=BATCH):
        options.setdefault(respondent_id, []).append(option_id)
        if len(options) > BATCH:
            _save(Respondent, options)
    _save(Respondent, options)
    Answer.objects.filter(option__isnull=False).delete()


def _save(Respondent, options: dict) -> None:
    respondents = list(Respondent.objects.filter(pk__in=list(options)))
    for respondent in respondents:
        respondent.options = options[respondent.pk]
    Respondent.objects.bulk_update(respondents, ["options"])
    options.clear()


def options_to_closed_answers(apps, schema_editor):
    Answer = apps.get_model("consultations", "Answer")
    Option = apps.get_model("consultations", "Option")
    Respondent = apps.get_model("consultations", "Respondent")
    question_of = dict(Option.objects.values_list("pk", "question_id"))
    for respondent in Respondent.objects.exclude(options=[]).iterator(chunk_size=BATCH):
        Answer.objects.bulk_create(
            Answer(
                respondent_id=respondent.pk,
                question_id=question_of[option_id],
                channel_id=respondent.channel_id,
                option_id=option_id,
            )
            for option_id in respondent.options
        )


def cache_respondent_ids(apps, schema_editor):
    """Each session draws respondent ids 1,000 at a time: the import draws one per row."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE consultations_respondent ALTER COLUMN id SET CACHE 1000")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_report_pdf_claim_token_uuid"),
    ]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="options",
            field=consultations.models.OptionIds(),
        ),
        migrations.RunPython(closed_answers_to_options, options_to_closed_answers),
        migrations.RemoveIndex(model_name="answer", name="answer_table_idx"),
        migrations.RemoveIndex(model_name="respondent", name="respondent_channel_idx"),
        migrations.RemoveField(model_name="answer", name="channel"),
        migrations.RemoveField(model_name="answer", name="option"),
        migrations.AlterField(
            model_name="respondent",
            name="consultation",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="respondents",
                to="consultations.consultation",
            ),
        ),
        migrations.AlterField(
            model_name="respondent",
            name="response_import",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="respondents",
                to="consultations.responseimport",
            ),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(fields=["question"], name="answer_question_idx"),
        ),
        migrations.RunPython(cache_respondent_ids, migrations.RunPython.noop),
    ]
