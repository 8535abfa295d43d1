"""A finding rests on evidence records, not on a free-text "evidence" field.

Each finding's evidence text becomes a "document read" record of its inspection, by its lead
inspector (its team's first member when it has no lead), dated when
the finding was made, bearing on the finding's scope area and agencies, with the finding's weight;
the finding links to it. Reversed, the text comes back from those records."""

import uuid

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


PREFIX = "Evidence noted on the finding: "


def _author(inspection, TeamMembership):
    members = TeamMembership.objects.filter(inspection=inspection).select_related("inspector")
    member = members.order_by("-is_lead", "pk").first()
    if member is not None:
        return member.inspector.user_id, member.inspector.inspectorate_id
    return None, None


def evidence_to_records(apps, schema_editor):
    Finding = apps.get_model("reports", "Finding")
    EvidenceRecord = apps.get_model("fieldwork", "EvidenceRecord")
    TeamMembership = apps.get_model("inspections", "TeamMembership")
    for finding in Finding.objects.exclude(evidence="").select_related("inspection"):
        author_id, inspectorate_id = _author(finding.inspection, TeamMembership)
        if author_id is None:
            # Planning gives every inspection a lead: an inspection with no team has no finding.
            continue
        record = EvidenceRecord.objects.create(
            id=uuid.uuid4(),
            inspection_id=finding.inspection_id,
            author_id=author_id,
            inspectorate_id=inspectorate_id,
            kind="document",
            occurred_at=finding.created_at,
            weight=finding.kind if finding.kind in ("strength", "improvement") else "context",
            text=PREFIX + finding.evidence,
            created_at=finding.created_at,
        )
        record.scope_areas.set([finding.scope_area_id])
        record.agencies.set(list(finding.agencies.values_list("pk", flat=True)))
        finding.records.add(record)


def records_to_evidence(apps, schema_editor):
    Finding = apps.get_model("reports", "Finding")
    for finding in Finding.objects.all():
        texts = [r.text.removeprefix(PREFIX) for r in finding.records.filter(kind="document", text__startswith=PREFIX)]
        if texts:
            finding.evidence = "; ".join(texts)[:500]
            finding.save(update_fields=["evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0001_initial"),
        ("reports", "0011_action_plan_uploads_moved_to_statements"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="records",
            field=models.ManyToManyField(blank=True, related_name="findings", to="fieldwork.evidencerecord"),
        ),
        migrations.CreateModel(
            name="HistoricalFinding_records",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "evidencerecord",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="fieldwork.evidencerecord",
                    ),
                ),
                (
                    "finding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reports.finding",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="reports.historicalfinding",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalFinding_records",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(evidence_to_records, records_to_evidence),
        migrations.RemoveField(
            model_name="finding",
            name="evidence",
        ),
        migrations.RemoveField(
            model_name="historicalfinding",
            name="evidence",
        ),
    ]
