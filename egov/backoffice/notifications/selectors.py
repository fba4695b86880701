"""Reads for the notification templates' screens."""

from __future__ import annotations

from dataclasses import dataclass

from egov.channels.notifications.events import EVENTS, Channel, Event, default_texts
from egov.channels.notifications.models import NotificationTemplate


@dataclass(frozen=True)
class Current:
    """What an event sends by one channel now: the administrator's row, or the shipped text (row None)."""

    event: Event
    channel: str
    subject: str
    body: str
    row: NotificationTemplate | None


def current(event: str, channel: str) -> Current:
    rows = NotificationTemplate.objects.select_related("edited_by")
    row = rows.filter(event=event, channel=channel).first()
    if row is not None:
        return Current(EVENTS[event], channel, row.subject, row.body, row)
    shipped = default_texts(event)
    if channel == Channel.EMAIL:
        return Current(EVENTS[event], channel, shipped.email_subject, shipped.email_body, None)
    return Current(EVENTS[event], channel, "", shipped.sms, None)


def overview() -> list[dict[str, object]]:
    """Every event, in the registry's order, with its row (or None) per channel."""
    rows = {(r.event, r.channel): r for r in NotificationTemplate.objects.select_related("edited_by")}
    return [
        {"event": event, "rows": [(channel, rows.get((key, channel))) for channel in Channel.values]}
        for key, event in EVENTS.items()
    ]
