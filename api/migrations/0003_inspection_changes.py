"""The changes feed's log, written by triggers on the tables whose rows the API shows of an
inspection, so that no write (a bulk update, a raw fix, a data migration) escapes the feed."""

from django.db import migrations, models

# (table, column holding the inspection's id, short name for the trigger)
TRACKED = [
    ("inspections_inspection", "id", "inspection"),
    ("inspections_milestone", "inspection_id", "milestone"),
    ("inspections_teammembership", "inspection_id", "team"),
    ("reports_letter", "inspection_id", "letter"),
]
REACH = "inspections_frameworkversion_inspectorates"

POSTGRESQL = [
    """
    CREATE FUNCTION api_inspection_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE written jsonb;
    BEGIN
      IF TG_OP = 'DELETE' THEN written := to_jsonb(OLD); ELSE written := to_jsonb(NEW); END IF;
      INSERT INTO api_inspectionchange (inspection_id, xid, changed_at)
      VALUES ((written ->> TG_ARGV[0])::bigint, pg_current_xact_id()::text::bigint, clock_timestamp());
      RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION api_reach_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE written jsonb;
    BEGIN
      IF TG_OP = 'DELETE' THEN written := to_jsonb(OLD); ELSE written := to_jsonb(NEW); END IF;
      INSERT INTO api_inspectionchange (inspection_id, xid, changed_at)
      SELECT id, pg_current_xact_id()::text::bigint, clock_timestamp() FROM inspections_inspection
      WHERE framework_id = (written ->> 'frameworkversion_id')::bigint;
      RETURN NULL;
    END $$
    """,
    *(
        sql
        for table, column, short in TRACKED
        for sql in (
            f"CREATE TRIGGER api_change_{short} AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION api_inspection_changed('{column}')",
            f"CREATE TRIGGER api_change_{short}_update AFTER UPDATE ON {table} "
            f"FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION api_inspection_changed('{column}')",
        )
    ),
    f"CREATE TRIGGER api_change_reach AFTER INSERT OR UPDATE OR DELETE ON {REACH} "
    "FOR EACH ROW EXECUTE FUNCTION api_reach_changed()",
    # What is there already is a change for a feed that starts now.
    "INSERT INTO api_inspectionchange (inspection_id, xid, changed_at) "
    "SELECT id, pg_current_xact_id()::text::bigint, clock_timestamp() FROM inspections_inspection",
]
POSTGRESQL_UNDO = [
    *(f"DROP TRIGGER IF EXISTS api_change_{short} ON {table}" for table, _, short in TRACKED),
    *(f"DROP TRIGGER IF EXISTS api_change_{short}_update ON {table}" for table, _, short in TRACKED),
    f"DROP TRIGGER IF EXISTS api_change_reach ON {REACH}",
    "DROP FUNCTION IF EXISTS api_inspection_changed()",
    "DROP FUNCTION IF EXISTS api_reach_changed()",
]

# SQLite's triggers are written after every migrate (api/apps.py), since SQLite drops a table's
# triggers whenever it rebuilds the table to alter it; here only what exists already is logged.
SQLITE = [
    "INSERT INTO api_inspectionchange (inspection_id, xid, changed_at) "
    "SELECT id, 0, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM inspections_inspection"
]
SQLITE_UNDO = [
    f"DROP TRIGGER IF EXISTS api_change_{short}_{event}"
    for short in [*(short for _, _, short in TRACKED), "reach"]
    for event in ("insert", "update", "delete")
]


def _run(statements):
    def run(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor, [])
        for sql in chosen:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_calendar_feeds"),
        ("inspections", "0010_milestone_met_at"),
        ("reports", "0008_finding_leadership_judged_apart"),
    ]

    operations = [
        migrations.CreateModel(
            name="InspectionChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("inspection_id", models.BigIntegerField(db_index=True)),
                ("xid", models.BigIntegerField(editable=False)),
                ("changed_at", models.DateTimeField(editable=False)),
            ],
            options={"indexes": [models.Index(fields=["xid", "id"], name="api_change_position")]},
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}),
        ),
    ]
