"""How a worker takes outbox messages, gives back the ones it did not send, and records the sent ones.

A claim stamps a message with `attempts + 1`, `claimed_at = now` and a lease
(`lease_until = now + EGOV_OUTBOX_LEASE`); while the lease lasts no other worker
may take it. `pk` and `attempts` together name one claim: every later write
about it (sent, failed, given back) is conditional on them, so a worker whose
lease ran out never overwrites the claim of the worker that took the message
next.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from egov.channels.models import OutboxMessage

#: Claims stop here; the outbox marks a message with this many claims and no outcome failed.
MAX_ATTEMPTS = 5


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EGOV_OUTBOX_LEASE)


def send_allowance() -> dt.timedelta:
    """The longest one send may take (about ten steps of the transport's timeout, as the settings check):
    a worker starts a send only while this much of its lease is left."""
    return dt.timedelta(seconds=10 * max(settings.EMAIL_TIMEOUT, settings.EGOV_SMS_TIMEOUT))


def skip_locked() -> bool:
    """Claim with SELECT ... FOR UPDATE SKIP LOCKED? On PostgreSQL, yes: workers pass over each other's rows
    instead of racing for the same ones. SQLite has no row locks: the conditional UPDATE decides."""
    return connection.vendor == "postgresql" and connection.features.has_select_for_update_skip_locked


def claim(message: OutboxMessage, now: dt.datetime) -> bool:
    """Take `message` alone until now + lease; False when another worker has it (or it is no longer due).
    On success `message` holds the claimed values."""
    won = (
        OutboxMessage.objects.due(now)
        .filter(pk=message.pk, attempts=message.attempts)
        .update(attempts=F("attempts") + 1, claimed_at=now, lease_until=now + lease())
    )
    if won:
        message.attempts += 1
        message.claimed_at, message.lease_until = now, now + lease()
    return bool(won)


def claim_batch(now: dt.datetime, size: int, topic: str = "") -> list[OutboxMessage]:
    """Take up to `size` due messages (oldest first, of `topic` only when given) in one statement, and
    return them as claimed. Messages that used up their attempts are left for `crashed` to end.

    One statement, `WITH picked AS (due ids LIMIT size) UPDATE … WHERE id IN picked … RETURNING id`: on
    SQLite it holds the database's one write lock from its read to its write, so two workers' batches
    never share a message; on PostgreSQL the ids are read `FOR UPDATE SKIP LOCKED`, so a worker passes
    over the rows another worker is taking instead of waiting for them. The outer UPDATE repeats the
    conditions of a due message (the conditional update), so a row that changed meanwhile is not taken."""
    due = OutboxMessage.objects.due(now).filter(attempts__lt=MAX_ATTEMPTS)
    due = due.filter(topic=topic) if topic else due
    ids = due.order_by("available_at", "id").values("id")[:size]
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    until = connection.ops.adapt_datetimefield_value(now + lease())
    with transaction.atomic():
        # Compiled inside the transaction: PostgreSQL's FOR UPDATE is refused outside one.
        locked = ids.select_for_update(skip_locked=True) if skip_locked() else ids
        sub, params = locked.query.sql_with_params()
        with connection.cursor() as cursor:
            # The ids in a MATERIALIZED common table expression: read (and on PostgreSQL locked) once. As a
            # plain `IN (subquery)`, PostgreSQL may run the subquery again for each row it updates, each
            # time finding the next `size` rows, and one worker would take the whole queue.
            cursor.execute(
                f"WITH picked AS MATERIALIZED ({sub}) "
                f"UPDATE {table} SET attempts = attempts + 1, claimed_at = %s, lease_until = %s "
                "WHERE id IN (SELECT id FROM picked) AND sent_at IS NULL AND failed_at IS NULL "
                "AND (lease_until IS NULL OR lease_until <= %s) RETURNING id",
                [*params, stamp, until, stamp],
            )
            claimed = [row[0] for row in cursor.fetchall()]
        return list(OutboxMessage.objects.filter(pk__in=claimed).order_by("available_at", "id"))


def crashed(now: dt.datetime, size: int, topic: str = "") -> list[OutboxMessage]:
    """Due messages whose every attempt ended with its worker stopped mid-send: the outbox fails them."""
    due = OutboxMessage.objects.due(now).filter(attempts__gte=MAX_ATTEMPTS)
    return list((due.filter(topic=topic) if topic else due).order_by("available_at", "id")[:size])


def mark_sent(messages: Iterable[OutboxMessage], now: dt.datetime) -> int:
    """Record that `messages` left, in one statement: even past the lease, since they did leave."""
    ids = [message.pk for message in messages]
    if not ids:
        return 0
    return OutboxMessage.objects.filter(pk__in=ids, sent_at__isnull=True).update(
        sent_at=now, lease_until=None, last_error=""
    )


def release(messages: Iterable[OutboxMessage]) -> int:
    """Give back claimed messages that this worker did not try (told to stop, or too little of the lease
    left for another send): due again at once, their attempts as before the claim. Only while the claim
    is still this worker's (the same `attempts`, no outcome)."""
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for message in messages:
        by_attempts[message.attempts].append(message.pk)
    given = 0
    for attempts, ids in by_attempts.items():
        given += OutboxMessage.objects.filter(
            pk__in=ids, attempts=attempts, sent_at__isnull=True, failed_at__isnull=True
        ).update(attempts=attempts - 1, lease_until=None)
    return given
