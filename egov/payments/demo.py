"""The payments part of `manage.py demo --reset` (development only). The demo's payments are made by the
portal's builder through the sandbox gateway, and removed by its reset (which runs before the dossiers'
reset) through `remove_demo_payments`.

The ledger is append-only: triggers refuse UPDATE and DELETE (payments migration 0002). The demo command
runs only on a database that holds nothing but the demo province (egov.demo), so here, and only here, the
delete trigger is set aside inside the reset's transaction and put back before it ends.
"""

from __future__ import annotations

from django.db import connection

from egov.payments.models import LedgerEntry, Payment

_TRIGGERS_OFF = {
    # PostgreSQL refuses ALTER TABLE while deferred foreign-key checks of this transaction are pending:
    # run them first, and defer them again (Django's default) once the triggers are back.
    "postgresql": (
        ["SET CONSTRAINTS ALL IMMEDIATE", "ALTER TABLE payments_ledgerentry DISABLE TRIGGER USER"],
        ["ALTER TABLE payments_ledgerentry ENABLE TRIGGER USER", "SET CONSTRAINTS ALL DEFERRED"],
    ),
    "sqlite": (
        ["DROP TRIGGER IF EXISTS payments_ledgerentry_no_delete"],
        [
            "CREATE TRIGGER payments_ledgerentry_no_delete BEFORE DELETE ON payments_ledgerentry "
            "BEGIN SELECT RAISE(ABORT, 'payments_ledgerentry is append-only'); END;"
        ],
    ),
}


def remove_demo_payments() -> None:
    """Remove every payment and ledger row: `manage.py demo --reset` only (the portal builder's reset, before
    the dossiers they belong to are removed)."""
    off, on = _TRIGGERS_OFF.get(connection.vendor, ([], []))
    with connection.cursor() as cursor:
        for sql in off:
            cursor.execute(sql)
        # The model refuses deletes as well; the demo's rows go by plain SQL.
        cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table}")
        Payment.objects.all().delete()
        for sql in on:
            cursor.execute(sql)
