"""Writes: start a payment attempt, receive a gateway's callback, close attempts that expired.

    payment, url = start_payment(actor=citizen, dossier=d, gateway="vnpay", return_url=..., client_ip=...)
    outcome = receive_callback("vnpay", request.GET)      # the IPN view and the sandbox's bank page

Each is one transaction with its audit row. Only a callback credits money: it checks the signature, the
reference, the amount and the attempt's state, then inserts the ledger row whose idempotency key is the
gateway's transaction (so a replayed or concurrent callback credits once), marks the fees paid with their
history row (egov.dossiers.fee_payments) and tells the applicant through the outbox. A callback that arrives
after the citizen closed the tab, or after the attempt expired here, still credits: the bank took the money.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit
from egov.core.audit import Actor, SystemActor
from egov.dossiers import steps
from egov.dossiers.fee_payments import record_fees_paid
from egov.dossiers.models import Dossier, DossierFee
from egov.payments import notifications, permissions, selectors
from egov.payments.gateways import registry as gateways
from egov.payments.gateways.base import InvalidSignature, Malformed, Order, Outcome, Result
from egov.payments.models import LedgerEntry, Payment

log = logging.getLogger(__name__)
OPEN = (Payment.State.CREATED, Payment.State.PENDING)


def new_reference(now: dt.datetime) -> str:
    """A payment reference nobody can guess or reuse: the day and 10 random characters (VNPAY's vnp_TxnRef
    must be unique per merchant and day)."""
    return f"P{timezone.localtime(now):%y%m%d}{secrets.token_hex(5).upper()}"


def _charge(d: Dossier, fees: list[DossierFee], now: dt.datetime) -> None:
    """A charge row for each fee the ledger does not hold yet (its key is the fee row)."""
    keys = {f"charge:fee:{fee.pk}": fee for fee in fees}
    known = set(
        LedgerEntry.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                dossier=d, kind=LedgerEntry.Kind.CHARGE, amount=fee.amount, idempotency_key=key, at=now
            )
            for key, fee in keys.items()
            if key not in known
        ]
    )


def expire_stale(now: dt.datetime, dossier: Dossier | None = None) -> int:
    """Mark open attempts past their expiry EXPIRED (all, or one dossier's); the number closed."""
    stale = Payment.objects.filter(state__in=OPEN, expires_at__lt=now)
    if dossier is not None:
        stale = stale.filter(dossier=dossier)
    return stale.update(state=Payment.State.EXPIRED, finished_at=now)


def start_payment(
    *,
    actor: Actor,
    dossier: Dossier,
    gateway: str,
    return_url: str,
    client_ip: str = "",
    now: dt.datetime | None = None,
) -> tuple[Payment, str]:
    """Open an attempt to pay the dossier's unpaid fees through `gateway`; the attempt and the address to
    send the citizen to. Only the dossier's owner or a member of its organisation may
    (egov.payments.permissions); a dossier with nothing to pay is refused."""
    now = now or timezone.now()
    if not permissions.may_pay(actor, dossier):
        raise PermissionDenied(_("Only the applicant who filed this dossier may pay its fees."))
    try:
        gw = gateways.get(gateway)
    except gateways.UnknownGateway:
        raise ValidationError({"gateway": _("Choose a payment method from the list.")}) from None
    with transaction.atomic():
        d = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_agency")
            .get(pk=dossier.pk)
        )
        expire_stale(now, d)
        fees = list(selectors.unpaid_fees(d).order_by("id"))
        amount = sum((fee.amount for fee in fees), Decimal(0))
        if amount <= 0:
            raise ValidationError(_("This dossier has nothing left to pay."))
        _charge(d, fees, now)
        payment, url = open_attempt(
            actor,
            gw,
            Payment(dossier=d, amount=amount, fee_ids=[fee.pk for fee in fees]),
            # ASCII only: VNPAY asks for a description without diacritics.
            description=f"Thanh toan phi ho so {d.code}",
            return_url=return_url,
            client_ip=client_ip,
            now=now,
            audit_after={"dossier": d.code},
        )
    return payment, url


def open_attempt(
    actor: Actor,
    gw: gateways.Gateway,
    payment: Payment,
    *,
    description: str,
    return_url: str,
    client_ip: str,
    now: dt.datetime,
    audit_after: dict[str, object],
) -> tuple[Payment, str]:
    """Inside the caller's transaction, with its dossiers locked and charged: save the attempt (`payment`
    carries its dossier, bundle, amount and fee ids), ask the gateway for the address to send the citizen
    to, mark the attempt pending and write its audit row. Shared by one dossier's and a bundle's payment."""
    payment.gateway = gw.name
    payment.reference = new_reference(now)
    payment.payer = steps.user_of(actor)
    payment.created_at = now
    payment.expires_at = now + dt.timedelta(minutes=settings.EGOV_PAYMENT_EXPIRY_MINUTES)
    payment.save()
    url = gw.start(
        Order(
            reference=payment.reference,
            amount=payment.amount,
            description=description,
            created_at=now,
            expires_at=payment.expires_at,
            return_url=return_url,
            client_ip=client_ip,
        )
    )
    payment.state = Payment.State.PENDING
    payment.save(update_fields=["state"])
    audit.record(
        actor,
        "payment.start",
        payment,
        after={**audit_after, "gateway": gw.name, "amount": str(payment.amount), "fees": payment.fee_ids},
        agency_path=payment.dossier.receiving_agency.path,
    )
    return payment, url


def receive_callback(gateway: str, params: Mapping[str, str], *, now: dt.datetime | None = None) -> Outcome:
    """Handle a gateway's server-to-server notice (IPN) and say what it did; the gateway answers it in its
    own words (Gateway.acknowledge). Nothing is written unless the signature is the gateway's."""
    now = now or timezone.now()
    gw = gateways.get(gateway)
    try:
        result = gw.parse_callback(params)
    except InvalidSignature:
        log.warning("payments: %s callback with a wrong signature refused", gateway)
        return Outcome.BAD_SIGNATURE
    except Malformed:
        log.warning("payments: %s callback that cannot be read refused", gateway)
        return Outcome.ERROR
    try:
        return _apply(gw.name, result, now)
    except Exception:
        log.exception("payments: %s callback %s failed", gateway, result.reference)
        return Outcome.ERROR


def _apply(gateway: str, result: Result, now: dt.datetime) -> Outcome:
    actor = SystemActor(gateway.upper())
    dossier_id = (
        Payment.objects.filter(reference=result.reference, gateway=gateway)
        .values_list("dossier_id", flat=True)
        .first()
    )
    if dossier_id is None:
        return Outcome.UNKNOWN_REFERENCE
    with transaction.atomic():
        # The dossier first, then the attempt: the order start_payment takes them in, so a callback and a
        # new attempt on the same dossier queue one behind the other instead of deadlocking.
        Dossier.objects.select_for_update(of=("self",)).filter(pk=dossier_id).first()
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("dossier__receiving_agency")
            .filter(reference=result.reference, gateway=gateway)
            .first()
        )
        if payment is None:
            return Outcome.UNKNOWN_REFERENCE
        path = payment.dossier.receiving_agency.path
        if result.amount != payment.amount:
            audit.record(
                actor,
                "payment.wrong_amount",
                payment,
                after={"amount": str(result.amount), "payload": result.payload},
                agency_path=path,
            )
            return Outcome.WRONG_AMOUNT
        if payment.state == Payment.State.PAID:
            return Outcome.ALREADY_DONE
        if not result.paid:
            if payment.state not in OPEN:
                return Outcome.ALREADY_DONE
            payment.state = Payment.State.FAILED
            payment.failure = f"{gateway} {result.code}"[:200]
            payment.finished_at = now
            payment.save(update_fields=["state", "failure", "finished_at"])
            audit.record(
                actor, "payment.failed", payment, after={"payload": result.payload}, agency_path=path
            )
            return Outcome.FAILURE_RECORDED
        return _credit(payment, gateway, result, actor, now)


def _credit(payment: Payment, gateway: str, result: Result, actor: Actor, now: dt.datetime) -> Outcome:
    transaction_id = result.transaction_id or result.reference
    key = f"{gateway}:{result.reference}:{transaction_id}"
    # A linked filing's one payment: each part's dossier is credited its own share in its own ledger.
    shares = (
        shares_of(payment) if payment.bundle_id else [(payment.dossier_id, payment.fee_ids, result.amount)]
    )
    try:
        with transaction.atomic():
            for dossier_id, _fees, amount in shares:
                LedgerEntry.objects.create(
                    dossier_id=dossier_id,
                    payment=payment,
                    kind=LedgerEntry.Kind.PAYMENT,
                    amount=amount,
                    gateway=gateway,
                    gateway_transaction=transaction_id,
                    idempotency_key=f"{key}:{dossier_id}" if payment.bundle_id else key,
                    payload=result.payload,
                    at=now,
                )
    except IntegrityError:
        return Outcome.ALREADY_DONE
    payment.state = Payment.State.PAID
    payment.finished_at = now
    payment.gateway_transaction = transaction_id[:64]
    payment.save(update_fields=["state", "finished_at", "gateway_transaction"])
    for dossier_id, fee_ids, amount in shares:
        record_fees_paid(
            dossier_id,
            actor=actor,
            fee_ids=fee_ids,
            amount=amount,
            reference=payment.reference,
            now=now,
            part_of_bundle=payment.bundle_id is not None,
        )
    notifications.payment_received(payment, now)
    audit.record(
        actor,
        "payment.paid",
        payment,
        after={"amount": str(payment.amount), "transaction": transaction_id},
        agency_path=payment.dossier.receiving_agency.path,
    )
    return Outcome.CONFIRMED


def shares_of(payment: Payment) -> list[tuple[int, list[int], Decimal]]:
    """(dossier id, its fee ids, their sum) for each dossier a linked filing's one payment pays
    (egov.payments.bundle_payments), in dossier id order: each is credited in its own ledger."""
    rows: dict[int, list[DossierFee]] = {}
    for fee in DossierFee.objects.filter(pk__in=payment.fee_ids).order_by("dossier_id", "id"):
        rows.setdefault(fee.dossier_id, []).append(fee)
    return [
        (dossier_id, [f.pk for f in fees], sum((f.amount for f in fees), Decimal(0)))
        for dossier_id, fees in rows.items()
    ]
