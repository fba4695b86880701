"""The ledger refuses UPDATE, DELETE and (PostgreSQL) TRUNCATE in the database too, as the audit log does
(core migrations 0002 and 0005): Python already raises; this closes the door for raw SQL and other clients.
tests/conftest.py switches these triggers off around the test runner's flush, as for the audit log.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION payments_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'payments_ledgerentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER payments_ledgerentry_no_change BEFORE UPDATE OR DELETE ON payments_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION payments_ledgerentry_append_only();
CREATE TRIGGER payments_ledgerentry_no_truncate BEFORE TRUNCATE ON payments_ledgerentry
  FOR EACH STATEMENT EXECUTE FUNCTION payments_ledgerentry_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS payments_ledgerentry_no_truncate ON payments_ledgerentry;
DROP TRIGGER IF EXISTS payments_ledgerentry_no_change ON payments_ledgerentry;
DROP FUNCTION IF EXISTS payments_ledgerentry_append_only();
"""
SQLITE_FORWARD = [
    "CREATE TRIGGER payments_ledgerentry_no_update BEFORE UPDATE ON payments_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'payments_ledgerentry is append-only'); END;",
    "CREATE TRIGGER payments_ledgerentry_no_delete BEFORE DELETE ON payments_ledgerentry "
    "BEGIN SELECT RAISE(ABORT, 'payments_ledgerentry is append-only'); END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS payments_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS payments_ledgerentry_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_payments_and_ledger")]
    operations = [migrations.RunPython(forward, backward)]
