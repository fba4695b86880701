"""The confirmation of a paid attempt as a PDF (confirmation.typ), through the one PDF pipeline (core.pdf)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from egov.core import pdf
from egov.core.money import format_vnd
from egov.payments.gateways import registry
from egov.payments.models import Payment

TEMPLATE = Path(__file__).resolve().parent / "confirmation.typ"


def render(payment: Payment) -> bytes:
    """The PDF of a paid attempt (its `finished_at` is set)."""
    d = payment.dossier
    try:
        gateway = str(registry.get(payment.gateway).label)
    except registry.UnknownGateway:
        gateway = payment.gateway
    data = {
        "site": settings.EGOV_SITE_NAME,
        "dossier": d.code,
        "procedure": d.procedure.name,
        "applicant": d.applicant_name,
        "amount": format_vnd(payment.amount),
        "paid_at": timezone.localtime(payment.finished_at).strftime("%H:%M %d/%m/%Y")
        if payment.finished_at
        else "",
        "reference": payment.reference,
        "gateway": gateway,
        "transaction": payment.gateway_transaction,
        "fees": [
            {"name": f.name, "amount": format_vnd(f.amount)} for f in d.fees.filter(pk__in=payment.fee_ids)
        ],
    }
    return pdf.render(TEMPLATE, data)
