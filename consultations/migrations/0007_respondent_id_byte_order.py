"""On PostgreSQL the respondent id compares byte by byte (collation "C"): the unique index on
(consultation, respondent id) is maintained for every row an import writes, and a byte comparison
is the cheapest it can make (ADR 0013). Equality is unchanged; SQLite compares bytes already."""

from django.db import migrations

TABLE = "consultations_respondent"


def _collate(schema_editor, collation: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN respondent_id TYPE varchar(100) COLLATE {collation}")


def byte_order(apps, schema_editor):
    _collate(schema_editor, '"C"')


def database_order(apps, schema_editor):
    _collate(schema_editor, '"default"')


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_respondent_options")]

    operations = [migrations.RunPython(byte_order, database_order, elidable=False)]
