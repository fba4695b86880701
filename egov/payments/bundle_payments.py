"""One payment for a linked filing (hồ sơ liên thông, egov.dossiers.bundles): the fees of every part's
dossier paid through one gateway attempt.

    payment, url = start_bundle_payment(actor=citizen, bundle=b, gateway="sandbox", return_url=...)

The attempt is an ordinary `Payment` whose `bundle` is set and whose `dossier` is the bundle's first part
(the dossier the gateway's order names); its `fee_ids` are the unpaid fee rows of every part. The callback
is the gateway's usual one (`services.receive_callback`): on a bundle's attempt `services._credit` writes one
ledger row per part's dossier with that dossier's share (`services.shares_of`), keyed
`<gateway>:<reference>:<transaction>:<dossier id>`, so a replayed callback credits none twice, and marks each
dossier's fees paid with its own history row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.citizens.access import is_citizen
from egov.core.audit import Actor
from egov.dossiers.bundle_models import DossierBundle
from egov.dossiers.models import Dossier, DossierFee
from egov.payments.gateways import registry as gateways
from egov.payments.models import Payment
from egov.payments.services import _charge, expire_stale, open_attempt


def payable_bundles(user: Any) -> QuerySet[DossierBundle]:
    """The linked filings `user` may pay: the citizen account that filed them (a group is filed by a person
    for themself, egov.filing's group journey)."""
    if not is_citizen(user):
        return DossierBundle.objects.none()
    return DossierBundle.objects.filter(owner=user)


def unpaid_fees(bundle: DossierBundle) -> QuerySet[DossierFee]:
    """What the bundle still owes: every part's unpaid fees that are not free, in part order."""
    return DossierFee.objects.filter(
        dossier__bundle_part__bundle=bundle, paid_at__isnull=True, amount__gt=0
    ).order_by("dossier__bundle_part__position", "id")


def start_bundle_payment(
    *,
    actor: Actor,
    bundle: DossierBundle,
    gateway: str,
    return_url: str,
    client_ip: str = "",
    now: dt.datetime | None = None,
) -> tuple[Payment, str]:
    """Open ONE attempt to pay every part's unpaid fees through `gateway`; the attempt and the address to
    send the citizen to. Only the account that may pay every part; a bundle with nothing to pay is refused."""
    now = now or timezone.now()
    if not payable_bundles(actor).filter(pk=bundle.pk).exists():
        raise PermissionDenied(_("Only the applicant who filed this dossier may pay its fees."))
    try:
        gw = gateways.get(gateway)
    except gateways.UnknownGateway:
        raise ValidationError({"gateway": _("Choose a payment method from the list.")}) from None
    with transaction.atomic():
        # Every part's dossier, in id order (the order a callback and a single payment lock them in).
        dossiers = list(
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_agency")
            .filter(bundle_part__bundle=bundle)
            .order_by("pk")
        )
        for d in dossiers:
            expire_stale(now, d)
        fees = list(unpaid_fees(bundle))
        amount = sum((fee.amount for fee in fees), Decimal(0))
        if amount <= 0:
            raise ValidationError(_("This dossier has nothing left to pay."))
        by_dossier = {d.pk: d for d in dossiers}
        for d in dossiers:
            _charge(d, [f for f in fees if f.dossier_id == d.pk], now)
        first = by_dossier[bundle.parts.order_by("position").values_list("dossier_id", flat=True)[0]]
        payment, url = open_attempt(
            actor,
            gw,
            Payment(dossier=first, bundle=bundle, amount=amount, fee_ids=[fee.pk for fee in fees]),
            description=f"Thanh toan phi ho so lien thong {bundle.reference}",
            return_url=return_url,
            client_ip=client_ip,
            now=now,
            audit_after={"bundle": bundle.reference},
        )
    return payment, url
