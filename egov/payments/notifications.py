"""What the applicant is told when a payment is received, written to the outbox in the crediting
transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.core.money import format_vnd
from egov.payments.models import Payment


def payment_received(payment: Payment, now: dt.datetime) -> list[OutboxMessage]:
    """An SMS and an email to the applicant, where the dossier has the number or the address."""
    d = payment.dossier
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Payment of %(amount)s for dossier %(code)s was received (reference %(reference)s). Thank you."
        ) % {"amount": format_vnd(payment.amount), "code": d.code, "reference": payment.reference}
        if d.applicant_phone:
            rows.append(outbox.enqueue("sms", {"to": d.applicant_phone, "text": text}, subject=d, now=now))
        if d.applicant_email:
            email = {
                "to": d.applicant_email,
                "subject": _("Dossier %(code)s: payment received") % {"code": d.code},
                "body": text,
            }
            rows.append(outbox.enqueue("email", email, subject=d, now=now))
    return rows
