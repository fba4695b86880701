"""Fees paid: the dossier's fee rows marked paid, and the history row that says so.

    record_fees_paid(dossier_pk, actor=gateway, fee_ids=[...], amount=..., reference="P...", now=now)

Called by egov.payments inside the transaction that credits a payment. Paying the catalogue's fees is a plain
history row ("fee_paid"), not a row of the transition table: it changes no status, no step and no clock.
A dossier waiting for financial obligations (status FINANCIAL, "request_payment") may owe more than the
catalogue's fees (taxes, land charges paid elsewhere), so the officer still confirms with "payment_received",
which resumes the clock; the history row tells the officer the fees are in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from egov.core import audit
from egov.core.audit import Actor
from egov.dossiers import steps
from egov.dossiers.models import Dossier, DossierEvent, DossierFee

ACTION = "fee_paid"


def record_fees_paid(
    dossier_pk: int,
    *,
    actor: Actor,
    fee_ids: Sequence[int],
    amount: Decimal,
    reference: str,
    now: dt.datetime,
    part_of_bundle: bool = False,
) -> DossierEvent:
    """Mark the dossier's fees `fee_ids` paid at `now` (those not paid yet) and append the history row and the
    audit row; one row per payment `reference` (a second call with it raises IntegrityError). A linked
    filing's one payment (`part_of_bundle`) writes one such row on each part's dossier."""
    with transaction.atomic():
        d = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_agency")
            .get(pk=dossier_pk)
        )
        fees = DossierFee.objects.filter(dossier=d, pk__in=list(fee_ids), paid_at__isnull=True)
        names = list(fees.values_list("name", flat=True))
        fees.update(paid_at=now)
        event = steps.write_event(
            d,
            action=ACTION,
            actor=actor,
            now=now,
            from_status=d.status,
            idempotency_key=f"payment:{reference}:{d.pk}" if part_of_bundle else f"payment:{reference}",
            data={"amount": str(amount), "reference": reference, "fees": names},
        )
        audit.record(
            actor,
            f"dossier.{ACTION}",
            d,
            after={"amount": str(amount), "reference": reference, "fees": names},
            agency_path=d.receiving_agency.path,
        )
        return event
