"""The outbox in one process: what enqueue writes, how a claim is stamped, retries, leases, give-ups.

What only several processes can show (two workers, a worker that dies) is in test_workers.py.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from egov.channels import claims, outbox
from egov.channels.models import OutboxMessage
from egov.channels.transports import LogSMSTransport

T0 = dt.datetime(2026, 11, 16, 1, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


class Ticking:
    """A clock that moves one minute each time it is read."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


class FlakySMS:
    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None:
        raise ConnectionError("gateway down")


class StolenWhileSending:
    """While this worker sends, its lease runs out and another worker claims the message; then the
    send fails."""

    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None:
        message = OutboxMessage.objects.get()
        assert outbox.claim(message, message.lease_until + dt.timedelta(seconds=1))
        raise ConnectionError("gateway down")


def sms(to: str = "0912345678", now: dt.datetime = T0) -> OutboxMessage:
    return outbox.enqueue("sms", {"to": to, "text": "Hồ sơ đã được tiếp nhận"}, now=now)


def test_enqueue_refuses_a_payload_no_transport_can_send():
    with pytest.raises(ValueError):
        outbox.enqueue("email", {"to": "a@example.vn", "body": "no subject"})
    with pytest.raises(ValueError):
        outbox.enqueue("fax", {"to": "1"})
    assert not OutboxMessage.objects.exists()


def test_a_message_names_what_caused_it_without_a_foreign_key(django_user_model):
    user = django_user_model.objects.create(username="someone")
    message = outbox.enqueue("sms", {"to": "0912345678", "text": "x"}, subject=user)
    assert (message.subject_type, message.subject_id) == ("accounts.user", str(user.pk))
    assert list(OutboxMessage.objects.about(user)) == [message]


def test_several_messages_in_one_insert_are_the_rows_enqueue_writes_one_by_one(django_user_model):
    user = django_user_model.objects.create(username="dossier-like")
    messages = [
        ("email", {"to": "a@example.vn", "subject": "Hồ sơ mới", "body": "Chờ tiếp nhận", "purpose": "x"}),
        ("sms", {"to": "0912345678", "text": "Hồ sơ mới chờ tiếp nhận"}),
        ("email", {"to": "b@example.vn", "subject": "Hồ sơ mới", "body": "Chờ tiếp nhận"}),
    ]
    names = [f.attname for f in OutboxMessage._meta.concrete_fields if f.attname != "id"]
    one_by_one = [outbox.enqueue(t, p, subject=user, now=T0) for t, p in messages]
    together = outbox.enqueue_all(messages, subject=user, now=T0)
    assert all(m.pk is not None for m in together) and len({m.pk for m in together}) == 3
    written = {r["id"]: r for r in OutboxMessage.objects.values(*names, "id")}
    assert [{n: written[m.pk][n] for n in names} for m in together] == [
        {n: written[m.pk][n] for n in names} for m in one_by_one
    ]
    assert [m.payload for m in together] == [p for _t, p in messages]


def test_several_messages_are_refused_together_when_one_cannot_be_sent():
    with pytest.raises(ValueError):
        outbox.enqueue_all(
            [
                ("sms", {"to": "0912345678", "text": "ok"}),
                ("email", {"to": "a@example.vn", "body": "no subject"}),
            ]
        )
    assert outbox.enqueue_all([]) == []
    assert not OutboxMessage.objects.exists()


def test_several_messages_exist_only_if_the_change_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_all(
            [("sms", {"to": "0912345678", "text": "a"}), ("sms", {"to": "0912345679", "text": "b"})]
        )
        raise RuntimeError("the change is refused")
    assert not OutboxMessage.objects.exists()


def test_email_and_sms_are_sent_once():
    LogSMSTransport.sent.clear()
    sms()
    outbox.enqueue("email", {"to": "a@example.vn", "subject": "Hồ sơ", "body": "Nội dung"}, now=T0)
    assert str(outbox.deliver_due(clock=Ticking())) == "sent 2, failed 0, retried 0"
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.vn"], "Hồ sơ")]
    assert list(LogSMSTransport.sent) == [("0912345678", "Hồ sơ đã được tiếp nhận")]
    assert str(outbox.deliver_due(clock=Ticking())) == "sent 0, failed 0, retried 0"
    assert len(mail.outbox) == 1 and len(LogSMSTransport.sent) == 1


def test_each_claim_is_stamped_with_the_moment_it_is_made(settings):
    """A batch is claimed at one moment; the next batch at its own, read when it is claimed."""
    for _ in range(5):
        sms()
    outbox.deliver_due(clock=Ticking(), claim_size=2)
    claims = [m.claimed_at for m in OutboxMessage.objects.order_by("id")]
    assert claims[0] == claims[1] < claims[2] == claims[3] < claims[4]
    for message in OutboxMessage.objects.all():
        assert message.attempts == 1 and message.sent_at is not None and message.lease_until is None
    # The lease given at a claim runs from that claim.
    fourth = sms()
    assert outbox.claim(fourth, T0 + dt.timedelta(hours=1))
    fourth.refresh_from_db()
    assert fourth.lease_until - fourth.claimed_at == dt.timedelta(seconds=settings.EGOV_OUTBOX_LEASE)
    assert settings.EGOV_OUTBOX_LEASE >= 10 * settings.EMAIL_TIMEOUT


def test_a_live_lease_keeps_other_workers_off_and_an_expired_one_does_not():
    LogSMSTransport.sent.clear()
    message = sms()
    assert outbox.claim(message, T0)  # a worker claimed it, then died before sending
    assert not outbox.claim(OutboxMessage.objects.get(), T0 + dt.timedelta(seconds=1))
    expiry = message.lease_until
    tally = outbox.deliver_due(clock=lambda: expiry - dt.timedelta(seconds=1))
    assert tally.touched == 0 and not LogSMSTransport.sent
    tally = outbox.deliver_due(clock=lambda: expiry + dt.timedelta(seconds=1))
    assert tally.sent == 1 and len(LogSMSTransport.sent) == 1
    assert OutboxMessage.objects.get().attempts == 2


def test_a_passing_failure_is_retried_with_backoff_then_given_up(settings):
    settings.EGOV_SMS_TRANSPORT = "tests.channels.test_outbox.FlakySMS"
    sms()
    now = T0
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        outbox.deliver_due(clock=lambda: now)  # noqa: B023 (read at once)
        message = OutboxMessage.objects.get()
        assert message.attempts == attempt and message.sent_at is None
        assert "gateway down" in message.last_error and message.lease_until is None
        if attempt < outbox.MAX_ATTEMPTS:
            assert message.failed_at is None
            assert message.available_at == now + outbox.backoff(attempt)
            # Not retried before its back-off has passed.
            outbox.deliver_due(clock=lambda: message.available_at - dt.timedelta(seconds=1))  # noqa: B023
            assert OutboxMessage.objects.get().attempts == attempt
            now = message.available_at + dt.timedelta(seconds=1)
    assert OutboxMessage.objects.get().failed_at == now


def test_a_permanent_failure_is_not_retried():
    sms(to=" ")
    tally = outbox.deliver_due(clock=Ticking())
    message = OutboxMessage.objects.get()
    assert (tally.failed, message.attempts) == (1, 1)
    assert message.failed_at is not None and "empty phone number" in message.last_error


def test_a_failure_after_the_lease_ran_out_leaves_the_new_claim_alone(settings):
    settings.EGOV_SMS_TRANSPORT = "tests.channels.test_outbox.StolenWhileSending"
    sms()
    outbox.deliver_due(clock=lambda: T0)
    message = OutboxMessage.objects.get()
    # The second worker's claim stands: still leased to it, not put back for a third worker.
    assert message.attempts == 2 and message.lease_until is not None and message.lease_until > T0
    assert message.available_at == T0 and message.last_error == ""


def test_deliver_outbox_once_and_outbox_status(settings):
    settings.EGOV_SMS_TRANSPORT = "tests.channels.test_outbox.FlakySMS"
    now = timezone.now()
    sms(now=now)  # will be retried later
    outbox.enqueue("email", {"to": "a@example.vn", "subject": "s", "body": "b"}, now=now)  # sent
    outbox.enqueue("email", {"to": "", "subject": "s", "body": "b"}, now=now)  # no recipient: failed
    out = StringIO()
    call_command("deliver_outbox", "--once", stdout=out)
    assert out.getvalue().strip() == "deliver_outbox: sent 1, failed 1, retried 1"
    sms(now=now)  # due
    assert outbox.claim(sms(now=now), timezone.now())  # leased
    out = StringIO()
    call_command("outbox_status", "--failed", stdout=out)
    counts = {line.split()[0]: int(line.split()[1]) for line in out.getvalue().splitlines()[:5]}
    assert counts == {"due": 1, "leased": 1, "waiting": 1, "sent": 1, "failed": 1}
    assert "no recipient" in out.getvalue()


def test_a_batch_claim_takes_at_most_its_size_and_the_next_claim_takes_others():
    """One claim statement takes `size` messages, however many are due (on PostgreSQL, a plain
    `IN (SELECT … LIMIT … FOR UPDATE SKIP LOCKED)` took the whole queue in one claim)."""
    for _ in range(5):
        sms()
    first, second = claims.claim_batch(T0, 2), claims.claim_batch(T0, 2)
    assert len(first) == len(second) == 2 and not {m.pk for m in first} & {m.pk for m in second}
    assert OutboxMessage.objects.filter(attempts=1, lease_until__gt=T0).count() == 4
    assert [m.attempts for m in first] == [1, 1] and first[0].lease_until == T0 + outbox.lease()


def test_a_worker_told_to_stop_gives_back_what_it_did_not_try():
    """Stopped after one send of a claimed batch: that one is recorded, the others are due again at once,
    their attempts as before (a message given back was not tried)."""
    LogSMSTransport.sent.clear()
    for _ in range(3):
        sms()
    asked = iter([False, False, True])  # before the claim, before the first send, before the second
    tally = outbox.deliver_due(clock=lambda: T0, stop=lambda: next(asked, True))
    assert tally.sent == 1 and len(LogSMSTransport.sent) == 1
    rows = list(OutboxMessage.objects.order_by("id").values_list("attempts", "sent_at", "lease_until"))
    assert rows == [(1, T0, None), (0, None, None), (0, None, None)]


def test_a_worker_with_too_little_lease_left_sends_nothing_more_and_gives_the_rest_back(settings):
    """A send starts only while a whole send's time (ten steps of the timeout) is left of the lease: a
    batch that outlasts its lease is never sent by two workers at once."""
    LogSMSTransport.sent.clear()
    for _ in range(3):
        sms()
    allowance = dt.timedelta(seconds=10 * max(settings.EMAIL_TIMEOUT, settings.EGOV_SMS_TIMEOUT))
    times = iter([T0, T0, T0 + outbox.lease() - allowance + dt.timedelta(seconds=1)])
    tally = outbox.deliver_due(clock=lambda: next(times, T0 + dt.timedelta(hours=1)), limit=3)
    assert tally.sent == 1 and len(LogSMSTransport.sent) == 1
    assert list(OutboxMessage.objects.order_by("id").values_list("attempts", flat=True)) == [1, 0, 0]
