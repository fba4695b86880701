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


def test_expire_payments_closes_only_attempts_past_their_expiry(dossier, owner) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from egov.payments.models import Payment

    old = services.start_payment(actor=owner, dossier=dossier, gateway="vnpay", return_url="https://x/")[0]
    Payment.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    fresh = services.start_payment(actor=owner, dossier=dossier, gateway="vnpay", return_url="https://x/")[0]
    Payment.objects.filter(pk=old.pk).update(state=Payment.State.PENDING)  # as if no attempt started since
    out = StringIO()
    call_command("expire_payments", stdout=out)
    assert "expired 1" in out.getvalue()
    states = dict(Payment.objects.values_list("pk", "state"))
    assert states == {old.pk: Payment.State.EXPIRED, fresh.pk: Payment.State.PENDING}
