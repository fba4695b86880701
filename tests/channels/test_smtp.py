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


def parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True)
        .decode(part.get_content_charset())
        .replace("\r\n", "\n")
        for part in message.walk()
        if not part.is_multipart()
    }


def test_an_email_carries_its_text_and_an_html_alternative_of_the_same_words(smtp_settings):
    body = (
        "Hồ sơ 000.00.31.H99-261116-0001 đã có kết quả.\n\nXem tại https://dichvucong.example.vn/tra-cuu/ <b>"
    )
    outbox.enqueue("email", {"to": "citizen@example.vn", "subject": "Kết quả", "body": body}, now=T0)
    assert outbox.deliver_due(clock=lambda: T0).sent == 1
    [message] = smtp_settings.messages
    assert message.get_content_type() == "multipart/alternative"
    found = parts(message)
    assert found["text/plain"].strip() == body.strip()
    html = found["text/html"]
    assert '<a href="https://dichvucong.example.vn/tra-cuu/"' in html  # the address is a link
    assert "&lt;b&gt;" in html and "<b>" not in html  # the text is escaped, never markup
    assert "<p>Hồ sơ 000.00.31.H99-261116-0001 đã có kết quả.</p>" in html  # paragraphs kept


def test_an_email_sent_again_after_a_crash_keeps_its_message_id(smtp_settings, settings):
    """A worker stopped after the server took the message, before the outbox recorded it, sends it again
    on the next claim: the recipient's mail system sees one Message-ID twice and keeps one message."""
    settings.DEFAULT_FROM_EMAIL = "Một cửa tỉnh <motcua@tinh.example.vn>"
    message = email("citizen@example.vn")
    outbox.deliver(message)
    outbox.deliver(OutboxMessage.objects.get(pk=message.pk))
    first, second = smtp_settings.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"] == f"<egov.outbox.{message.pk}.{int(T0.timestamp())}@tinh.example.vn>"
    other = email("other@example.vn")
    outbox.deliver(other)
    assert smtp_settings.messages[2]["Message-ID"] != first["Message-ID"]


def test_a_batch_of_emails_goes_over_one_connection_and_a_failure_opens_a_new_one(smtp_settings):
    """Opening an SMTP connection costs more than a short message: a worker keeps one for its batch. After a
    refusal the conversation is not trusted: the next email starts on a fresh connection."""
    for to in ("one@example.vn", "two@example.vn", "busy@example.vn", "three@example.vn", "four@example.vn"):
        email(to)
    tally = outbox.deliver_due(clock=lambda: T0)
    assert (tally.sent, tally.retried) == (4, 1)
    assert smtp_settings.recipients == [f"{n}@example.vn" for n in ("one", "two", "three", "four")]
    first, second, third, fourth = smtp_settings.peers
    assert first == second and third == fourth and second != third
