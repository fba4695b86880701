"""The outbox: written in the caller's transaction (`enqueue`), delivered by workers (`deliver_due`).

Guarantees (docs/channels.md):
- A message is written only if the caller's transaction commits.
- A worker claims due messages in batches, each batch in one conditional UPDATE
  (egov.channels.claims), stamping them with the moment of the claim and a
  lease (EGOV_OUTBOX_LEASE) longer than a whole send can take; two workers
  never hold one message at once. It starts a send only while a whole send's
  time is left of the lease, and gives back what it did not try.
- Delivery is at least once: a worker that dies leaves its batch to its lease;
  once the lease expires, its messages are claimed again, and those it had sent
  without recording them yet go a second time (with the same Message-ID).
  Attempts are counted at claim time, so a message that keeps killing its
  worker is marked failed after MAX_ATTEMPTS claims instead of being tried for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from egov.channels import claims
from egov.channels.claims import MAX_ATTEMPTS, claim, lease, skip_locked
from egov.channels.models import OutboxMessage, subject_key
from egov.channels.transports import MailSession, PermanentFailure, message_id, send_email, send_sms
from egov.core import statements

__all__ = ["MAX_ATTEMPTS", "claim", "deliver_due", "enqueue", "enqueue_all", "lease", "skip_locked"]

log = logging.getLogger("egov.channels")
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
    message = _message(topic, payload, subject, now or timezone.now())
    # Every move writes one or more: the INSERT is built once per process (egov.core.statements).
    statements.insert(message)
    return message


def enqueue_all(
    messages: Sequence[tuple[str, dict[str, str]]], *, subject: Any = None, now: dt.datetime | None = None
) -> list[OutboxMessage]:
    """`enqueue` for several (topic, payload) messages about one `subject`, in one INSERT: the same rows,
    checked the same way (a wrong one refuses them all before anything is written), in the caller's
    transaction, so they exist exactly when the change does. The rows come back with their keys, in order."""
    now = now or timezone.now()
    rows = [_message(topic, payload, subject, now) for topic, payload in messages]
    return cast(list[OutboxMessage], statements.insert_all(rows))


def _message(topic: str, payload: dict[str, str], subject: Any, now: dt.datetime) -> OutboxMessage:
    """A checked, unsaved message: its topic known and its payload holding the topic's fields as text."""
    missing = [key for key in _REQUIRED.get(topic, ()) if not isinstance(payload.get(key), str)]
    if topic not in _REQUIRED or missing:
        raise ValueError(f"outbox: topic {topic!r} needs {_REQUIRED.get(topic)}; missing {missing}")
    subject_type, subject_id = subject_key(subject) if subject is not None else ("", "")
    return OutboxMessage(
        topic=topic,
        payload=payload,
        subject_type=subject_type,
        subject_id=subject_id,
        created_at=now,
        available_at=now,
    )


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


def deliver(message: OutboxMessage, session: MailSession | None = None) -> None:
    """Send one message through its transport (an email over `session`'s connection when given); raises
    as the transports do."""
    payload = message.payload
    if message.topic == OutboxMessage.Topic.EMAIL:
        send_email(
            payload["to"],
            payload["subject"],
            payload["body"],
            message_id=message_id(str(message.pk), message.created_at.timestamp()),
            session=session,
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


def _record_failure(message: OutboxMessage, tally: Tally, error: Exception, now: dt.datetime) -> None:
    # Recorded only while the claim is still ours: past the lease another worker may hold it.
    mine = OutboxMessage.objects.filter(
        pk=message.pk, attempts=message.attempts, sent_at__isnull=True, failed_at__isnull=True
    )
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


def _log_crash_give_up(message: OutboxMessage, tally: Tally) -> None:
    log.error(
        "outbox %s failed: %s claims, the last ended with its worker stopped mid-send",
        message.pk,
        message.attempts,
    )
    tally.failed += 1


#: Messages taken per claim: enough that a claim's statements cost little per message, few enough that
#: one slow message holds back only a handful behind it (the other workers take the rest).
CLAIM_SIZE = 20
#: Sent messages are recorded together, after at most this many sends: one UPDATE for them all. A worker
#: killed between a send and its record sends that message again after its lease (docs/channels.md), so
#: this bounds how many may go twice (each with the same Message-ID).
MARK_EVERY = 10


def _send_batch(
    batch: list[OutboxMessage],
    tally: Tally,
    clock: Clock,
    stop: Callable[[], bool],
    session: MailSession,
    mark_every: int,
) -> bool:
    """Send a claimed batch in order; False when the worker must stop (the rest given back)."""
    sent: list[OutboxMessage] = []
    try:
        for index, message in enumerate(batch):
            assert message.lease_until is not None
            if stop() or clock() + claims.send_allowance() > message.lease_until:
                claims.release(batch[index:])
                return False
            try:
                deliver(message, session)
            except Exception as exc:
                _record_failure(message, tally, exc, clock())
                continue
            sent.append(message)
            if len(sent) >= mark_every:
                tally.sent += claims.mark_sent(sent, clock())
                sent = []
    finally:
        # Also on the way out of an error (the database lost mid-batch): what left is recorded if it can be.
        tally.sent += claims.mark_sent(sent, clock())
    return True


def deliver_due(
    *,
    limit: int = 100,
    clock: Clock = timezone.now,
    stop: Callable[[], bool] = lambda: False,
    topic: str = "",
    claim_size: int = CLAIM_SIZE,
    mark_every: int = MARK_EVERY,
) -> Tally:
    """Claim and send up to `limit` due messages (of `topic` only, when given), `claim_size` at a time,
    each claim stamped with the clock read when it is made; emails go over one SMTP connection; sent
    messages recorded `mark_every` at a time. `stop` is asked before each send (a worker told to stop
    finishes its current send, records what it sent and gives back the rest)."""
    tally = Tally()
    with MailSession() as session:
        while tally.touched < limit and not stop():
            now = clock()
            size = min(claim_size, limit - tally.touched)
            for message in claims.crashed(now, size, topic):
                if _give_up_on_crashes(message, now):
                    _log_crash_give_up(message, tally)
            batch = claims.claim_batch(now, size, topic)
            if not batch or not _send_batch(batch, tally, clock, stop, session, mark_every):
                break
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
