"""What the applicant is told when a payment is received, written to the outbox in the crediting
transaction (the "payment_credited" notification template, docs/channels.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation

from egov.channels.models import OutboxMessage
from egov.core.money import format_vnd
from egov.dossiers.notifications import tell_applicant
from egov.payments.models import Payment


def payment_received(payment: Payment, now: dt.datetime) -> list[OutboxMessage]:
    """An SMS and an email to the applicant, by the channels the dossier has and its owner chose for
    payments."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {"amount": format_vnd(payment.amount), "payment_reference": payment.reference}
        return tell_applicant(payment.dossier, "payment_credited", now, values)
