"""The outbox: written in the caller's transaction (`enqueue`), delivered by workers (`deliver_due`).

Guarantees (docs/channels.md):
- A message is written only if the caller's transaction commits.
- A worker claims a message with one conditional UPDATE (the `attempts` it read
  must still be there), stamping the claim with the moment it is made and a
  lease (EGOV_OUTBOX_LEASE) longer than a whole send can take; two workers
  never hold one message at once.
- Delivery is at least once: a worker that dies mid-send leaves its lease to
  expire and the message is claimed again. Attempts are counted at claim time,
  so a message that keeps killing its worker is marked failed after
  MAX_ATTEMPTS claims instead of being tried for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from egov.channels.models import OutboxMessage, subject_key
from egov.channels.transports import PermanentFailure, message_id, send_email, send_sms

log = logging.getLogger("egov.channels")
MAX_ATTEMPTS = 5
Clock = Callable[[], dt.datetime]

# What each topic's payload must hold (plain strings as keys: the worker reads them back from JSON).
_REQUIRED = {"email": ("to", "subject", "body"), "sms": ("to", "text")}


@dataclass(frozen=True)
class Topic:
    """A topic another app sends through the outbox (the exchange's packages): `send` delivers one
    payload and raises as the transports do; `failed` is told when the outbox gives the message up."""

    required: tuple[str, ...]
    send: Callable[[OutboxMessage], None]
    failed: Callable[[OutboxMessage, str], None] | None = None


_TOPICS: dict[str, Topic] = {}


def register_topic(name: str, topic: Topic) -> None:
    """Called from an app's `ready()`: this app imports no domain app, so they bring their own sender."""
    _TOPICS[name] = topic
    _REQUIRED[name] = topic.required


def enqueue(
    topic: str, payload: dict[str, str], *, subject: Any = None, now: dt.datetime | None = None
) -> OutboxMessage:
    """Write one message to send. Call it inside the transaction of the change that causes it, so the
    message exists exactly when the change does. `subject` is the model instance it is about."""
    missing = [key for key in _REQUIRED.get(topic, ()) if not isinstance(payload.get(key), str)]
    if topic not in _REQUIRED or missing:
        raise ValueError(f"outbox: topic {topic!r} needs {_REQUIRED.get(topic)}; missing {missing}")
    now = now or timezone.now()
    subject_type, subject_id = subject_key(subject) if subject is not None else ("", "")
    return OutboxMessage.objects.create(
        topic=topic,
        payload=payload,
        subject_type=subject_type,
        subject_id=subject_id,
        created_at=now,
        available_at=now,
    )


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EGOV_OUTBOX_LEASE)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try: 2, 4, 8, 16 minutes... at most an hour."""
    return dt.timedelta(minutes=min(2**attempts, 60))


@dataclass
class Tally:
    sent: int = 0
    failed: int = 0
    retried: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, retried {self.retried}"

    @property
    def touched(self) -> int:
        return self.sent + self.failed + self.retried


def claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take `message` for this worker until now + lease; False when another worker has it (or it is
    no longer due). On success `message` holds the claimed values."""
    won = (
        OutboxMessage.objects.due(now)
        .filter(pk=message.pk, attempts=message.attempts)
        .update(attempts=F("attempts") + 1, claimed_at=now, lease_until=now + lease())
    )
    if won:
        message.attempts += 1
        message.claimed_at, message.lease_until = now, now + lease()
    return bool(won)


def _give_up_on_crashes(message: OutboxMessage, now: dt.datetime) -> bool:
    # The last claim ended without a recorded outcome: its worker died while sending this message.
    error = f"gave up after {message.attempts} attempts: the worker stopped while sending it"
    if message.last_error:
        error += f" (earlier: {message.last_error})"
    held = (
        OutboxMessage.objects.due(now)
        .filter(pk=message.pk, attempts=message.attempts)
        .update(failed_at=now, lease_until=None, last_error=error[:2000])
    )
    _tell_failed(message, error, held)
    return bool(held)


def _max_segments(value: Any) -> int | None:
    """The payload's own segment limit ("max_segments"), when it sets one: a whole number from 1."""
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise PermanentFailure(f"max_segments must be a whole number, not {value!r}") from None
    if number < 1:
        raise PermanentFailure(f"max_segments must be at least 1, not {number}")
    return number


def deliver(message: OutboxMessage) -> None:
    """Send one message through its transport; raises as the transports do."""
    payload = message.payload
    if message.topic == OutboxMessage.Topic.EMAIL:
        send_email(
            payload["to"],
            payload["subject"],
            payload["body"],
            message_id=message_id(str(message.pk), message.created_at.timestamp()),
        )
    elif message.topic == OutboxMessage.Topic.SMS:
        send_sms(
            payload["to"],
            payload["text"],
            reference=str(message.pk),
            max_segments=_max_segments(payload.get("max_segments")),
        )
    elif message.topic in _TOPICS:
        _TOPICS[message.topic].send(message)
    else:
        raise PermanentFailure(f"unknown topic {message.topic}")


def _record(message: OutboxMessage, tally: Tally, error: Exception | None, now: dt.datetime) -> None:
    mine = OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True)
    if error is None:
        # Sent: recorded even if the lease ran out meanwhile, since the message did leave.
        mine.update(sent_at=now, lease_until=None, last_error="")
        tally.sent += 1
        return
    # A failure is recorded only while the claim is still ours: past the lease another worker may hold it.
    mine = mine.filter(attempts=message.attempts, failed_at__isnull=True)
    text = f"{type(error).__name__}: {error}"[:2000]
    if isinstance(error, PermanentFailure) or message.attempts >= MAX_ATTEMPTS:
        held = mine.update(failed_at=now, lease_until=None, last_error=text)
        tally.failed += 1
        _tell_failed(message, text, held)
    else:
        held = mine.update(available_at=now + backoff(message.attempts), lease_until=None, last_error=text)
        tally.retried += 1
    log.warning("outbox %s attempt %s failed: %s", message.pk, message.attempts, text)
    if not held:
        log.warning("outbox %s: the lease ran out before the failure was recorded", message.pk)


def _tell_failed(message: OutboxMessage, text: str, held: int) -> None:
    topic = _TOPICS.get(message.topic)
    if held and topic is not None and topic.failed is not None:
        topic.failed(message, text)


def _send(message: OutboxMessage, tally: Tally, clock: Clock) -> None:
    try:
        deliver(message)
    except Exception as exc:
        _record(message, tally, exc, clock())
    else:
        _record(message, tally, None, clock())


def _log_crash_give_up(message: OutboxMessage, tally: Tally) -> None:
    log.error(
        "outbox %s failed: %s claims, the last ended with its worker stopped mid-send",
        message.pk,
        message.attempts,
    )
    tally.failed += 1


def skip_locked() -> bool:
    """Claim with SELECT ... FOR UPDATE SKIP LOCKED? On PostgreSQL, yes: workers pass over each other's rows
    instead of racing for the same ones. SQLite has no row locks: the conditional UPDATE decides."""
    return connection.vendor == "postgresql" and connection.features.has_select_for_update_skip_locked


def claim_next(now: dt.datetime, tally: Tally, topic: str = "") -> OutboxMessage | None:
    """PostgreSQL: lock the first due message no other worker has locked, and claim it, in one short
    transaction. A message that used up its attempts is marked failed on the way (its worker died)."""
    while True:
        with transaction.atomic():
            due = OutboxMessage.objects.due(now).order_by("available_at", "id")
            if topic:
                due = due.filter(topic=topic)
            message = due.select_for_update(skip_locked=True).first()
            if message is None:
                return None
            if message.attempts < MAX_ATTEMPTS:
                # The row is locked by us: the conditional UPDATE cannot lose, and keeps one way to claim.
                return message if claim(message, now) else None
            if _give_up_on_crashes(message, now):
                _log_crash_give_up(message, tally)


def deliver_due(
    *,
    limit: int = 100,
    clock: Clock = timezone.now,
    stop: Callable[[], bool] = lambda: False,
    topic: str = "",
) -> Tally:
    """Claim and send up to `limit` due messages (of `topic` only, when given), one claim at a time, each
    stamped with the clock read at that claim. `stop` is asked before each claim (a worker told to stop
    finishes its current send)."""
    tally = Tally()
    if skip_locked():
        for _ in range(limit):
            if stop():
                break
            claimed = claim_next(clock(), tally, topic)
            if claimed is None:
                break
            _send(claimed, tally, clock)
        return tally
    due = OutboxMessage.objects.due(clock()).order_by("available_at", "id")
    for message in (due.filter(topic=topic) if topic else due)[:limit]:
        if stop():
            break
        now = clock()
        if message.attempts >= MAX_ATTEMPTS:
            if _give_up_on_crashes(message, now):
                _log_crash_give_up(message, tally)
            continue
        if not claim(message, now):
            continue  # another worker has it
        _send(message, tally, clock)
    return tally


def status_counts(now: dt.datetime | None = None) -> dict[str, int]:
    """How many messages are in each state at `now`, for operators (manage.py outbox_status)."""
    now = now or timezone.now()
    pending = OutboxMessage.objects.pending()
    return {
        "due": OutboxMessage.objects.due(now).count(),
        "leased": pending.filter(lease_until__gt=now).count(),
        "waiting": pending.filter(available_at__gt=now).exclude(lease_until__gt=now).count(),
        "sent": OutboxMessage.objects.filter(sent_at__isnull=False).count(),
        "failed": OutboxMessage.objects.filter(failed_at__isnull=False).count(),
    }


def oldest_due(now: dt.datetime | None = None) -> dt.datetime | None:
    now = now or timezone.now()
    first = OutboxMessage.objects.due(now).order_by("available_at").values_list("available_at", flat=True)
    return first.first()


def recent_failures(limit: int = 20) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(failed_at__isnull=False).order_by("-failed_at")[:limit])
