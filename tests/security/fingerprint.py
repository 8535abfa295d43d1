"""A cheap fingerprint of the whole database, to show that a refused request changed nothing.

Every table's row count and highest primary key, in one query: an insert or a delete shows
(history rows included, which every change to an inspection, a letter or a response writes).
On PostgreSQL it also holds the rows inserted, updated and deleted so far in the transaction
(`pg_stat_xact_user_tables`), so an update in place shows too. Sessions are left out: signing
in and out is not a change of the service's data.
"""

from __future__ import annotations

from django.apps import apps
from django.core import mail
from django.db import connection

IGNORED_TABLES = {"django_session"}


INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def _tables() -> list[tuple[str, str | None]]:
    """Each table, and its primary key's column when it is a number (a new row raises its maximum)."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        table, pk = model._meta.db_table, model._meta.pk
        if table not in IGNORED_TABLES and model._meta.managed:
            found.add((table, pk.column if pk.get_internal_type() in INTEGER_KEYS else None))
    return sorted(found, key=lambda t: t[0])


def database_fingerprint() -> tuple:
    quote = connection.ops.quote_name
    parts = [
        f"SELECT COUNT(*) AS n, {f'MAX({quote(pk)})' if pk else '0'} AS top FROM {quote(table)}"
        for table, pk in _tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT * FROM ({part}) AS t{n}" for n, part in enumerate(parts)))
        rows = tuple(tuple(row) for row in cursor.fetchall())
        writes = None
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                "WHERE relname <> ALL(%s)",
                [sorted(IGNORED_TABLES)],
            )
            writes = cursor.fetchone()[0]
    return rows, writes, len(mail.outbox)
