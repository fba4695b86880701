"""Email through a real SMTP server on 127.0.0.1: refusals are final, passing faults are retried,
and a server that never answers costs EMAIL_TIMEOUT, not a stuck worker."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pytest

from egov.channels import outbox
from egov.channels.models import OutboxMessage

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 16, 1, 0, tzinfo=dt.UTC)


def email(to: str) -> OutboxMessage:
    return outbox.enqueue("email", {"to": to, "subject": f"to {to}", "body": "Hồ sơ"}, now=T0)


def test_an_accepted_email_reaches_the_server(smtp_settings):
    email("citizen@example.vn")
    assert outbox.deliver_due(clock=lambda: T0).sent == 1
    assert smtp_settings.subjects == ["to citizen@example.vn"]
    assert smtp_settings.recipients == ["citizen@example.vn"]


def test_a_refused_recipient_is_a_permanent_failure(smtp_settings):
    email("refused@example.vn")
    tally = outbox.deliver_due(clock=lambda: T0)
    message = OutboxMessage.objects.get()
    assert (tally.failed, message.attempts, message.failed_at) == (1, 1, T0)
    assert "550" in message.last_error and message.last_error.startswith("PermanentFailure")
    assert smtp_settings.subjects == []


def test_a_message_refused_after_data_is_a_permanent_failure(smtp_settings):
    outbox.enqueue("email", {"to": "citizen@example.vn", "subject": "rejected", "body": "x"}, now=T0)
    assert outbox.deliver_due(clock=lambda: T0).failed == 1
    assert "554" in OutboxMessage.objects.get().last_error


def test_a_malformed_address_is_a_permanent_failure(smtp_settings):
    email("citizen@example.vn\nBcc: everyone@example.vn")
    assert outbox.deliver_due(clock=lambda: T0).failed == 1
    assert OutboxMessage.objects.get().attempts == 1 and smtp_settings.subjects == []


def test_a_temporary_refusal_is_retried_with_backoff(smtp_settings):
    email("busy@example.vn")
    tally = outbox.deliver_due(clock=lambda: T0)
    message = OutboxMessage.objects.get()
    assert (tally.retried, message.attempts, message.failed_at) == (1, 1, None)
    assert message.available_at == T0 + outbox.backoff(1) and "450" in message.last_error


def test_an_unreachable_server_is_retried(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed.getsockname()[1]
    settings.EMAIL_USE_TLS = False
    email("citizen@example.vn")
    assert outbox.deliver_due(clock=lambda: T0).retried == 1
    assert OutboxMessage.objects.get().failed_at is None


def test_a_server_that_never_answers_costs_the_timeout(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 1
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
        email("citizen@example.vn")
        started = time.monotonic()
        tally = outbox.deliver_due(clock=lambda: T0)
        took = time.monotonic() - started
    assert tally.retried == 1 and 0.9 < took < 10
    assert "timed out" in OutboxMessage.objects.get().last_error
