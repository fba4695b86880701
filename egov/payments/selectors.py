"""Reads: what a dossier still owes, its payment attempts and its ledger balance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from egov.dossiers.models import Dossier, DossierFee
from egov.payments.models import LedgerEntry, Payment


def unpaid_fees(dossier: Dossier) -> QuerySet[DossierFee]:
    """The fees still owed: not paid and not free (a free fee, e.g. a birth registered in time, is never
    paid)."""
    return DossierFee.objects.filter(dossier=dossier, paid_at__isnull=True, amount__gt=0)


def payments_of(dossier: Dossier) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier)


def payment_for(user: Any, reference: str) -> Payment | None:
    """The attempt `reference` if `user` may see its dossier (egov.payments.permissions)."""
    from egov.payments.permissions import payable_dossiers

    return (
        Payment.objects.select_related("dossier", "bundle")
        .filter(reference=reference, dossier__in=payable_dossiers(user))
        .first()
    )


def balance(dossier: Dossier) -> Decimal:
    """Charged minus withdrawn minus paid plus refunded: what the applicant still owes (negative: money to
    give back)."""
    totals = {
        row["kind"]: row["total"]
        for row in LedgerEntry.objects.filter(dossier=dossier).values("kind").annotate(total=Sum("amount"))
    }
    kind = LedgerEntry.Kind
    zero = Decimal(0)
    charged = totals.get(kind.CHARGE, zero) - totals.get(kind.WAIVER, zero)
    return charged - totals.get(kind.PAYMENT, zero) + totals.get(kind.REFUND, zero)
