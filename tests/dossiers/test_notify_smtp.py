"""A dossier move's email, end to end: the move writes it to the outbox, `deliver_outbox` sends it to a real
SMTP server on 127.0.0.1 (aiosmtpd), which receives it with its headers; a 4xx answer is retried later and a
5xx answer fails the message, and neither touches the move."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from egov.channels.models import OutboxMessage
from egov.dossiers import intake
from egov.dossiers.models import Status
from tests.channels.conftest import Recorder, free_port
from tests.dossiers.conftest import receive


@dataclass
class Keeper(Recorder):
    """The tests' SMTP handler, also keeping each accepted message as it arrived."""

    raw: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250"):
            self.raw.append(envelope.content)
        return answer


@pytest.fixture
def smtp(settings):
    keeper = Keeper()
    controller = Controller(keeper, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Một cửa Hòa Bình Xanh <motcua@hoabinhxanh.example>"
    try:
        yield keeper
    finally:
        controller.stop()


def _deliver() -> str:
    out = StringIO()
    call_command("deliver_outbox", "--once", stdout=out)
    return out.getvalue()


def _applicant(address: str) -> intake.Applicant:
    return intake.Applicant(name="Nguyễn Văn An", phone="0912345678", email=address)


def test_a_receipt_reaches_the_smtp_server_with_its_headers_and_vietnamese_subject(cast, flows, smtp):
    d = receive(cast, flows.simple, applicant=_applicant("an@example.vn"))
    queued = OutboxMessage.objects.about(d).get(topic="email")
    assert "sent 2, failed 0" in _deliver()

    (raw,) = smtp.raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "an@example.vn"
    assert message["From"] == "Một cửa Hòa Bình Xanh <motcua@hoabinhxanh.example>"
    # The Vietnamese subject travels RFC 2047-encoded and reads back exactly.
    raw_subject = email.message_from_bytes(raw)["Subject"]
    assert "=?utf-8?" in raw_subject.lower()
    subject = str(make_header(decode_header(raw_subject)))
    assert subject == queued.payload["subject"] and d.code in subject and "đã tiếp nhận" in subject
    sent = parsedate_to_datetime(message["Date"])  # Django writes UTC as "-0000", which reads back naive
    sent = sent if sent.tzinfo else sent.replace(tzinfo=dt.UTC)
    assert abs(sent - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert (
        message["Message-ID"]
        == f"<egov.outbox.{queued.pk}.{int(queued.created_at.timestamp())}@hoabinhxanh.example>"
    )
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    assert text is not None and text.get_content_charset() == "utf-8"
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "Nguyễn Văn An" in html.get_content()
    body = text.get_content().replace("\r\n", "\n")  # SMTP carries lines ended by CRLF
    assert body.strip() == queued.payload["body"].strip()
    assert "Kính gửi ông/bà Nguyễn Văn An" in body and f"/tra-cuu/{d.code}/?t=" in body
    OutboxMessage.objects.get(pk=queued.pk, sent_at__isnull=False)


def test_a_busy_mailbox_4xx_is_retried_later_and_the_move_stands(cast, flows, smtp):
    d = receive(cast, flows.simple, applicant=_applicant("busy@example.vn"))
    assert "retried 1" in _deliver()
    queued = OutboxMessage.objects.about(d).get(topic="email")
    assert queued.sent_at is None and queued.failed_at is None and queued.attempts == 1
    assert queued.available_at > queued.created_at and "450" in queued.last_error
    assert smtp.raw == [] and d.status == Status.RECEIVED


def test_a_refused_recipient_5xx_fails_the_message_and_the_move_stands(cast, flows, smtp):
    d = receive(cast, flows.simple, applicant=_applicant("refused@example.vn"))
    assert "failed 1" in _deliver()
    queued = OutboxMessage.objects.about(d).get(topic="email")
    assert queued.failed_at is not None and "550" in queued.last_error
    assert smtp.raw == [] and d.status == Status.RECEIVED
