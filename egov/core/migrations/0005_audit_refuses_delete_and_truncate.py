"""The audit log refuses DELETE and TRUNCATE in the database too (0002 refused UPDATE, and DELETE on PostgreSQL).

PostgreSQL: a statement trigger refuses TRUNCATE, which row triggers do not see. SQLite has no TRUNCATE;
a trigger now refuses DELETE as well as UPDATE. The test suite empties tables between transactional
tests with exactly these statements, so tests/conftest.py switches the triggers off around its flush
(the owner of the tables may; the application's role on PostgreSQL may not, see docs/deployment.md).
"""

from django.db import migrations

PG_FORWARD = """
CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
  FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();
"""
PG_BACKWARD = "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;"
SQLITE_FORWARD = (
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END;"
)
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditentry_no_delete;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_calendar_version")]
    operations = [migrations.RunPython(forward, backward)]
