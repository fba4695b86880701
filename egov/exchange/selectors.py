"""What the screens read: the deliveries for the administrators, and a document's exchange history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.documents.models import Document, Recipient
from egov.exchange.models import Message


def deliveries(state: str = "") -> QuerySet[Message]:
    """Outgoing messages, newest first, of one state when given."""
    rows = Message.objects.filter(direction=Message.Direction.OUT).select_related(
        "document", "recipient", "peer"
    )
    if state in Message.State.values:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at", "-id")


def unrouted() -> QuerySet[Recipient]:
    """External recipients that failed before any message was made (no peer, no address, no key)."""
    made = Message.objects.filter(direction=Message.Direction.OUT, recipient__isnull=False).values(
        "recipient"
    )
    return (
        Recipient.objects.filter(agency__isnull=True, exchange_status=Recipient.ExchangeStatus.FAILED)
        .exclude(pk__in=made)
        .select_related("document")
        .order_by("-id")
    )


def for_document(doc: Document) -> dict[str, Any]:
    """A document's exchange: for an outgoing one, each external recipient with its messages and the
    statuses it sent back; for an incoming one, the package it arrived in and the statuses exchanged."""
    if doc.direction == "outgoing":
        rows = []
        for r in doc.recipients.filter(agency__isnull=True):
            sent = list(
                Message.objects.filter(
                    direction=Message.Direction.OUT, recipient=r, kind__in=("edoc", "email")
                )
            )
            answers = list(
                Message.objects.filter(direction=Message.Direction.IN, recipient=r).order_by(
                    "created_at", "id"
                )
            )
            rows.append({"recipient": r, "sent": sent, "answers": answers})
        return {"outgoing": rows}
    arrived = (
        Message.objects.filter(direction=Message.Direction.IN, kind="edoc", document=doc)
        .select_related("peer")
        .first()
    )
    if arrived is None:
        return {}
    from egov.exchange import recalls

    return {
        "arrived": arrived,
        "statuses": list(arrived.statuses.order_by("created_at", "id")),
        "recall": recalls.pending(doc),
        "doc": doc,
    }
