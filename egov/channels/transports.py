"""How a message leaves: email through Django's mail backend, SMS through a small transport contract.

A transport either returns (delivered to the next hop), raises `PermanentFailure`
(this message can never be delivered: retrying is pointless), or raises anything
else (a passing fault: the worker retries later with back-off).
"""

from __future__ import annotations

import logging
import smtplib
from collections import deque
from collections.abc import Sequence
from contextlib import suppress
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from egov.channels import segments

log = logging.getLogger("egov.channels")


class PermanentFailure(Exception):
    """The message can never be delivered (no address, an address the server refuses): do not retry."""


class SMSTransport(Protocol):
    """An SMS gateway. `send` must give up within `timeout` seconds (EGOV_SMS_TIMEOUT) and raise
    `PermanentFailure` for a number that can never be reached; any other exception is retried.
    `reference` is the outbox message's id: a gateway that reports delivery hands it back with the report."""

    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None: ...


class LogSMSTransport:
    """The default transport: writes the message to the log (no SMS gateway configured)."""

    # The latest messages, for tests and for a look in a shell; bounded so a worker running for months
    # does not grow.
    sent: deque[tuple[str, str]] = deque(maxlen=200)

    def send(self, to: str, text: str, *, timeout: float, reference: str = "") -> None:
        if not to.strip():
            raise PermanentFailure("empty phone number")
        log.info("SMS to %s: %s", to, text)
        LogSMSTransport.sent.append((to, text))


def send_sms(to: str, text: str, *, reference: str = "", max_segments: int | None = None) -> None:
    """One SMS through the configured gateway. A text longer than `max_segments` (default
    EGOV_SMS_MAX_SEGMENTS) segments is refused for good: the operator bills every segment, so a long
    text is sent only when whoever wrote it said so."""
    allowed = max_segments or settings.EGOV_SMS_MAX_SEGMENTS
    length = segments.count_segments(text)
    if length.segments > allowed:
        raise PermanentFailure(
            f"SMS too long: {length.segments} segments ({length.units} {length.encoding} characters), "
            f"at most {allowed} allowed; set the payload's max_segments to send it anyway"
        )
    transport: SMSTransport = import_string(settings.EGOV_SMS_TRANSPORT)()
    transport.send(to, text, timeout=settings.EGOV_SMS_TIMEOUT, reference=reference)


def message_id(reference: str, created: float) -> str:
    """The Message-ID of an outbox email: the same on every attempt, so a message sent twice (a worker
    stopped after the server took it, before the outbox recorded it) is one message to the recipient's mail
    system, which drops duplicates by it. The creation time tells apart deployments' rows of one id, the
    sender's domain the deployments."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<egov.outbox.{reference}.{int(created)}@{domain}>"


def html_alternative(body: str) -> str:
    """The HTML part beside the plain text: the same words (escaped, paragraphs kept, web addresses made
    links) in a plain layout that mail programs show as the text is meant, bold headings and all, instead
    of one proportional-font block with wrapped links."""
    return render_to_string(
        "channels/mail/alternative.html", {"body": body, "site_name": settings.EGOV_SITE_NAME}
    )


class MailSession:
    """One connection to the mail server kept open across a worker's batch: opening an SMTP connection
    (connect, greeting, EHLO, QUIT) cost more than sending a short message over it. Any failure closes
    it, so the next email opens a fresh one; the worker closes it at the end of each batch, so an idle
    worker holds no connection the server would time out."""

    def __init__(self) -> None:
        self.backend: Any = None

    def connection(self) -> Any:
        if self.backend is None:
            backend = get_connection()
            backend.open()  # a connection that cannot be opened raises here, as a passing fault
            self.backend = backend
        return self.backend

    def close(self) -> None:
        if self.backend is not None:
            with suppress(Exception):  # a connection that already broke has nothing left to close
                self.backend.close()
            self.backend = None

    def __enter__(self) -> MailSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def send_email(
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    *,
    message_id: str = "",
    session: MailSession | None = None,
) -> None:
    """One email through Django's backend (SMTP with EMAIL_TIMEOUT in production): the text and its HTML
    alternative, its `attachments`, under `message_id` when given.

    The server's refusal of the recipient (5xx to RCPT TO, or of the message
    itself, 5xx after DATA) is permanent; a 4xx answer (mailbox busy,
    greylisting) and a connection that fails or times out are passing faults. `attachments` are
    (file name, content, content type), as the exchange sends a signed PDF. With a `session`, the email
    goes over its open connection; a failure closes it.
    """
    if not to.strip():
        raise PermanentFailure("no recipient")
    try:
        headers = {"Message-ID": message_id} if message_id else None
        mail = EmailMultiAlternatives(
            subject, body, None, [to], attachments=list(attachments), headers=headers
        )
        mail.attach_alternative(html_alternative(body), "text/html")
        if session is None:
            mail.send()
        else:
            _send_in(session, mail)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _answer in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(f"recipient refused: {exc.recipients}") from exc
        raise
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code >= 500:
            raise PermanentFailure(f"message refused: {exc.smtp_code} {exc.smtp_error!r}") from exc
        raise
    except ValueError as exc:  # Django refuses an address it cannot encode (a newline, a bad domain)
        raise PermanentFailure(f"bad address: {exc}") from exc


def _send_in(session: MailSession, mail: EmailMultiAlternatives) -> None:
    try:
        mail.connection = session.connection()
        mail.send()
    except BaseException:
        # Whatever state the conversation was left in (a refusal mid-transaction, a broken socket, a
        # signal), the next email starts on a new connection rather than guess.
        session.close()
        raise
