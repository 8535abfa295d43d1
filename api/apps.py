from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The changes feed's log on SQLite (the quickstart): the same triggers as PostgreSQL's migration
# 0003, written again after every migrate, since SQLite rebuilds a table to alter it and drops its
# triggers with the old copy.
TRACKED = [
    ("inspections_inspection", "id", "inspection"),
    ("inspections_milestone", "inspection_id", "milestone"),
    ("inspections_teammembership", "inspection_id", "team"),
    ("reports_letter", "inspection_id", "letter"),
]
REACH = "inspections_frameworkversion_inspectorates"
_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_EVENTS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER IF NOT EXISTS api_change_{short}_{event.lower()} AFTER {event} ON {table} BEGIN "  # nosec B608: our own names
        f"INSERT INTO api_inspectionchange (inspection_id, xid, changed_at) VALUES ({row}.{column}, 0, {_NOW}); END"
        for table, column, short in TRACKED
        for event, row in _EVENTS
    ),
    *(
        f"CREATE TRIGGER IF NOT EXISTS api_change_reach_{event.lower()} AFTER {event} ON {REACH} BEGIN "  # nosec B608: our own names
        f"INSERT INTO api_inspectionchange (inspection_id, xid, changed_at) SELECT id, 0, {_NOW} "
        f"FROM inspections_inspection WHERE framework_id = {row}.frameworkversion_id; END"
        for event, row in _EVENTS
    ),
]


def sqlite_triggers_ensure(*, using: str = "default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite" or "api_inspectionchange" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_TRIGGERS:
            cursor.execute(sql)


class ApiConfig(AppConfig):
    name = "api"
    label = "api"
    verbose_name = "API for other systems"

    def ready(self):
        post_migrate.connect(sqlite_triggers_ensure, dispatch_uid="api_sqlite_triggers")
