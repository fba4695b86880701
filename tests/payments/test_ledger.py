"""The ledger is append-only: Python refuses updates and deletes, and so does the database (payments
migration 0002) for raw SQL, on SQLite and PostgreSQL; charges are written once per fee."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from egov.payments import selectors, services
from egov.payments.models import AppendOnlyError, LedgerEntry
from tests.payments.conftest import TOTAL, vnpay_callback


@pytest.fixture
def entry(dossier) -> LedgerEntry:
    return LedgerEntry.objects.create(
        dossier=dossier,
        kind=LedgerEntry.Kind.CHARGE,
        amount=Decimal(10),
        idempotency_key="k1",
        at=dossier.submitted_at,
    )


def test_python_refuses_to_change_or_remove_a_ledger_entry(entry) -> None:
    entry.amount = Decimal(1)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE payments_ledgerentry SET amount = 1", "DELETE FROM payments_ledgerentry"]
)
def test_the_database_refuses_raw_updates_and_deletes(entry, sql) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    entry.refresh_from_db()
    assert entry.amount == Decimal(10)


def test_charges_are_written_once_per_fee_and_the_balance_follows_the_payment(dossier, owner) -> None:
    first = services.start_payment(actor=owner, dossier=dossier, gateway="vnpay", return_url="https://x/")[0]
    services.start_payment(actor=owner, dossier=dossier, gateway="vnpay", return_url="https://x/")
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CHARGE).count() == 2
    assert selectors.balance(dossier) == TOTAL
    services.receive_callback("vnpay", vnpay_callback(first.reference, TOTAL))
    assert selectors.balance(dossier) == 0
