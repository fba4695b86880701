"""Changes to outbox messages made by people or gateways: delivery reports, and retries by administrators."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from egov.channels.models import DeliveryStatus, OutboxMessage
from egov.core import audit
from egov.core.audit import Actor

FINAL = (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)


def record_delivery_report(
    message_id: int, status: str, detail: str = "", *, now: dt.datetime | None = None
) -> bool:
    """Record what the gateway says became of a sent message. A "buffered" report arriving after a final
    one (delivered, failed) is ignored: reports are not always delivered in order. False when ignored."""
    now = now or timezone.now()
    rows = OutboxMessage.objects.filter(pk=message_id)
    if status == DeliveryStatus.BUFFERED:
        rows = rows.exclude(delivery_status__in=FINAL)
    return bool(rows.update(delivery_status=status, delivery_reported_at=now, delivery_detail=detail[:200]))


def _retry_fields(now: dt.datetime) -> dict[str, object]:
    # attempts start again, so the worker gives the message its full number of tries.
    return {"failed_at": None, "available_at": now, "attempts": 0, "lease_until": None, "claimed_at": None}


def retry(message_id: int, *, actor: Actor, now: dt.datetime | None = None) -> bool:
    """Put one failed message back in the queue, due now; False when it is not failed (any more)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update().filter(pk=message_id, failed_at__isnull=False).first()
        )
        if message is None:
            return False
        before = {"failed_at": message.failed_at.isoformat() if message.failed_at else None}
        OutboxMessage.objects.filter(pk=message.pk).update(**_retry_fields(now))
        audit.record(actor, "channels.retry", message, before=before, after={"failed_at": None})
    return True


def retry_failed(*, actor: Actor, topic: str = "", now: dt.datetime | None = None) -> int:
    """Put every failed message (of `topic`, when given) back in the queue; how many."""
    now = now or timezone.now()
    with transaction.atomic():
        failed = OutboxMessage.objects.select_for_update().filter(failed_at__isnull=False)
        if topic:
            failed = failed.filter(topic=topic)
        ids = list(failed.values_list("pk", flat=True))
        if not ids:
            return 0
        OutboxMessage.objects.filter(pk__in=ids).update(**_retry_fields(now))
        for message in OutboxMessage.objects.filter(pk__in=ids):
            audit.record(actor, "channels.retry", message, after={"retried_with": len(ids)})
    return len(ids)
