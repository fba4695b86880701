"""Delivering the outbox: email through Django's mail backend, SMS through a pluggable transport.

Rows are claimed with a conditional UPDATE (attempts = n → n + 1), so two
workers never send the same message; a failure is retried with backoff until
MAX_ATTEMPTS, then marked failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from egov.dossiers.models import OutboxMessage

log = logging.getLogger("egov.outbox")
MAX_ATTEMPTS = 5


class PermanentFailure(Exception):
    """The message can never be delivered (bad address): do not retry."""


class SMSTransport(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LogSMSTransport:
    """The default transport: writes the message to the log (no SMS gateway configured)."""

    # The latest messages, for tests and for a look in a shell; bounded so a worker running for months
    # does not grow.
    sent: deque[tuple[str, str]] = deque(maxlen=200)

    def send(self, to: str, text: str) -> None:
        if not to.strip():
            raise PermanentFailure("empty phone number")
        log.info("SMS to %s: %s", to, text)
        LogSMSTransport.sent.append((to, text))


def sms_transport() -> SMSTransport:
    path = settings.EGOV_SMS_TRANSPORT
    return import_string(path)()


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2**attempts)


def deliver(message: OutboxMessage) -> None:
    payload = message.payload
    if message.topic == OutboxMessage.Topic.EMAIL:
        if not payload.get("to"):
            raise PermanentFailure("no recipient")
        send_mail(payload["subject"], payload["body"], None, [payload["to"]])
    elif message.topic == OutboxMessage.Topic.SMS:
        sms_transport().send(payload["to"], payload["text"])
    else:
        raise PermanentFailure(f"unknown topic {message.topic}")


def deliver_due(limit: int = 100, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send up to `limit` due messages. Returns (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    due = OutboxMessage.objects.filter(
        sent_at__isnull=True, failed_at__isnull=True, available_at__lte=now
    ).order_by("id")[:limit]
    for message in due:
        claimed = OutboxMessage.objects.filter(
            pk=message.pk, attempts=message.attempts, sent_at__isnull=True
        ).update(attempts=message.attempts + 1, available_at=now + _backoff(message.attempts + 1))
        if not claimed:
            continue  # another worker has it
        try:
            deliver(message)
        except PermanentFailure as exc:
            OutboxMessage.objects.filter(pk=message.pk).update(failed_at=now, last_error=str(exc)[:2000])
            failed += 1
        except Exception as exc:  # a passing fault: retried later
            log.warning("outbox %s failed: %s", message.pk, exc)
            update: dict[str, object] = {"last_error": str(exc)[:2000]}
            if message.attempts + 1 >= MAX_ATTEMPTS:
                update["failed_at"] = now
                failed += 1
            OutboxMessage.objects.filter(pk=message.pk).update(**update)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=now, last_error="")
            sent += 1
    return sent, failed
