"""Reads of the outbox for the administrators' screens: counts per channel, a filtered list, masking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from egov.channels import segments
from egov.channels.models import DeliveryStatus, OutboxMessage, OutboxQuerySet

#: A message's states as the screens filter them (the delivery report is a further state of a sent one).
STATES = ("pending", "failed", "sent", "delivered")


def state_q(state: str) -> Q:
    return {
        "pending": Q(sent_at__isnull=True, failed_at__isnull=True),
        "failed": Q(failed_at__isnull=False),
        "sent": Q(sent_at__isnull=False),
        "delivered": Q(delivery_status=DeliveryStatus.DELIVERED),
    }.get(state, Q())


def counts_by_channel() -> list[dict[str, Any]]:
    """One row per channel: how many messages are pending, failed, sent and delivered."""
    totals = {state: Count("id", filter=state_q(state)) for state in STATES}
    rows = OutboxMessage.objects.order_by().values("topic").annotate(**totals)
    found = {row["topic"]: row for row in rows}
    return [
        {"topic": topic, "label": label, **{s: found.get(topic, {}).get(s, 0) for s in STATES}}
        for topic, label in OutboxMessage.Topic.choices
    ]


def messages(*, topic: str = "", state: str = "") -> OutboxQuerySet:
    rows = OutboxMessage.objects.all()
    if topic in OutboxMessage.Topic.values:
        rows = rows.filter(topic=topic)
    if state in STATES:
        rows = rows.filter(state_q(state))
    return rows.order_by("-id")


def state_of(message: OutboxMessage, now: dt.datetime) -> str:
    if message.failed_at:
        return "failed"
    if message.sent_at:
        return "sent"
    return "pending"


def mask_recipient(to: str) -> str:
    """ "0912345678" → "*******678", "an@example.vn" → "a***@example.vn": enough to tell messages apart."""
    to = to.strip()
    if "@" in to:
        local, _at, domain = to.partition("@")
        return f"{local[:1]}***@{domain}"
    return "*" * max(len(to) - 3, 0) + to[-3:]


def shown_payload(message: OutboxMessage) -> dict[str, Any]:
    """What the detail screen shows of a payload: the recipient masked, the subject, the text's size. The
    text itself is not shown: it may name the person or their dossier's details."""
    payload = message.payload if isinstance(message.payload, dict) else {}
    text = str(payload.get("text") or payload.get("body") or "")
    counted = segments.count_segments(text)
    return {
        "to": mask_recipient(str(payload.get("to", ""))),
        "subject": str(payload.get("subject", "")),
        "characters": len(text),
        "segments": counted.segments if message.topic == OutboxMessage.Topic.SMS else None,
        "encoding": counted.encoding,
    }
