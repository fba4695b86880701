"""Payment attempts and the ledger of money owed, received and given back.

A `Payment` is one attempt to pay a dossier's unpaid fees through one gateway: created → pending (the
citizen was sent to the gateway) → paid, failed or expired. The `LedgerEntry` rows are the money itself:
a charge when fees are first asked for, a payment when a gateway confirms one, a refund when money goes
back. Ledger rows are only ever inserted: Python refuses updates and deletes, and so do database triggers
(migration 0002), as for the audit log (core.AuditEntry). Each row has an idempotency key unique per gateway
transaction, so a callback that arrives twice credits once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.dossiers.models import Dossier


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a ledger entry."""


class Payment(models.Model):
    """One attempt to pay a dossier's unpaid fees through one gateway."""

    class State(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Waiting for the bank")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Not paid")
        EXPIRED = "expired", _("Expired")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(_("gateway"), max_length=30)
    #: What the gateway knows the attempt by (VNPAY's vnp_TxnRef): unique, never reused.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    #: The ids of the DossierFee rows this attempt pays.
    fee_ids = models.JSONField(default=list)
    #: A linked filing paid at once: the fees of every part's dossier (`dossier` is then its first part).
    bundle = models.ForeignKey(
        "dossiers.DossierBundle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("linked filing"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CREATED)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    #: The gateway's own number for the transaction (VNPAY's vnp_TransactionNo), once it answered.
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    #: Why the gateway said no, in its own words (code and message), for the officers.
    failure = models.CharField(_("failure"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "expires_at"], name="payment_open_by_expiry")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.amount})"


class LedgerQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("ledger entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("ledger entries are append-only")


class LedgerEntry(models.Model):
    """Sổ thu: one movement of money about a dossier. Never changed, never removed."""

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Charge")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        #: A charge withdrawn: an officer corrected the case and the line is no longer owed.
        WAIVER = "waiver", _("Charge withdrawn")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="ledger")
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: Always positive; the kind says which way the money went.
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    gateway = models.CharField(_("gateway"), max_length=30, blank=True)
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    #: One per gateway transaction (or per charged fee): a repeated callback cannot insert a second row.
    idempotency_key = models.CharField(max_length=150, unique=True)
    #: The callback exactly as it came, for disputes with the bank.
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("at"))

    objects: ClassVar[LedgerQuerySet] = LedgerQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.idempotency_key}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("ledger entries are append-only")
