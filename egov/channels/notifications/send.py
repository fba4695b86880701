"""Telling one person of an event: the channels they chose that have an address, rendered and enqueued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.channels.notifications import compose
from egov.channels.notifications.events import Channel

#: The payload key naming the event a message was rendered for (the outbox ignores it; screens and tests
#: read it).
EVENT_KEY = "event"


@dataclass(frozen=True)
class Recipient:
    """Where a person can be reached, and the channels they chose for the event's kind (None: no choice
    recorded, so every channel with an address)."""

    email: str = ""
    phone: str = ""
    chosen: Collection[str] | None = None


def channels_for(recipient: Recipient) -> set[str]:
    """The chosen channels that have an address. When none of the chosen ones has (SMS chosen, no phone
    given), every channel that has one: a choice that cannot be met never silences a message."""
    addresses = {Channel.EMAIL.value: recipient.email, Channel.SMS.value: recipient.phone}
    available = {channel for channel, address in addresses.items() if address}
    chosen = available if recipient.chosen is None else available & set(recipient.chosen)
    return chosen or available


def notify(
    event: str, values: Mapping[str, str], recipient: Recipient, *, subject: Any, now: dt.datetime
) -> list[OutboxMessage]:
    """Outbox rows telling `recipient` of `event`; call it inside the transaction of the change."""
    channels = channels_for(recipient)
    if not channels:
        return []
    rendered = compose.texts(event, values, channels)
    rows = []
    if Channel.SMS in rendered:
        payload = {"to": recipient.phone, "text": cast(str, rendered[Channel.SMS]), EVENT_KEY: event}
        rows.append(outbox.enqueue(OutboxMessage.Topic.SMS, payload, subject=subject, now=now))
    if Channel.EMAIL in rendered:
        mail_subject, body = cast(tuple[str, str], rendered[Channel.EMAIL])
        payload = {"to": recipient.email, "subject": mail_subject, "body": body, EVENT_KEY: event}
        rows.append(outbox.enqueue(OutboxMessage.Topic.EMAIL, payload, subject=subject, now=now))
    return rows
