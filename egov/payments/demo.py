"""The payments part of `manage.py demo --reset` (development only). The demo's payments are made by the
portal's builder, through the sandbox gateway; this builder only removes them before the dossiers they
belong to are removed (reset runs in reverse order: 315 comes before the dossiers' 300).

The ledger is append-only: triggers refuse UPDATE and DELETE (payments migration 0002). The demo command
runs only on a database that holds nothing but the demo province (egov.demo), so here, and only here, the
delete trigger is set aside inside the reset's transaction and put back before it ends.
"""

from __future__ import annotations

from django.db import connection

from egov.demo.builders import DemoBuilder, DemoContext, register
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


@register
class PaymentsDemo(DemoBuilder):
    """Removes the demo's payments and ledger on `--reset`; builds nothing of its own."""

    name = "payments"
    order = 315

    def is_built(self, ctx: DemoContext) -> bool:
        return True

    def build(self, ctx: DemoContext) -> None:
        return None

    def reset(self, ctx: DemoContext) -> None:
        off, on = _TRIGGERS_OFF.get(connection.vendor, ([], []))
        with connection.cursor() as cursor:
            for sql in off:
                cursor.execute(sql)
            # The model refuses deletes as well; the demo's rows go by plain SQL.
            cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table}")
            Payment.objects.all().delete()
            for sql in on:
                cursor.execute(sql)
