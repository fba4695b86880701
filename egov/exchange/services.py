"""Changes people make to the exchange: an administrator sends a failed delivery again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.channels import services as channels
from egov.channels.models import OutboxMessage
from egov.core import audit
from egov.core.audit import Actor
from egov.documents.models import Recipient
from egov.exchange.models import Message


def retry(message: Message, *, actor: Actor, now: dt.datetime | None = None) -> Message:
    """Put a failed delivery back in the outbox, due now; its recipient waits for the exchange again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        queued = OutboxMessage.objects.about(locked).filter(failed_at__isnull=False).first()
        if locked.state != Message.State.FAILED or queued is None:
            raise ValidationError(_("Only a failed delivery can be sent again."))
        channels.retry(queued.pk, actor=actor, now=now)
        locked.state, locked.error = Message.State.QUEUED, ""
        locked.save(update_fields=["state", "error"])
        if locked.recipient_id is not None:
            Recipient.objects.filter(pk=locked.recipient_id).update(
                exchange_status=Recipient.ExchangeStatus.PENDING
            )
        audit.record(actor, "exchange.retry", locked, before={"state": "failed"}, after={"state": "queued"})
    return locked


def retry_unrouted(recipient: Recipient, *, actor: Actor) -> Recipient:
    """A recipient that could not be routed (no peer, no address) is tried again by the next sync, once an
    administrator has added its peer."""
    with transaction.atomic():
        locked = Recipient.objects.select_for_update().select_related("document__agency").get(pk=recipient.pk)
        made = Message.objects.filter(direction=Message.Direction.OUT, recipient=locked).exists()
        if locked.exchange_status != Recipient.ExchangeStatus.FAILED or made or locked.agency_id is not None:
            raise ValidationError(_("Only a failed delivery can be sent again."))
        locked.exchange_status = Recipient.ExchangeStatus.PENDING
        locked.save(update_fields=["exchange_status"])
        audit.record(
            actor,
            "exchange.retry",
            locked.document,
            after={"recipient": locked.name},
            agency_path=locked.document.agency.path,
        )
    return locked
