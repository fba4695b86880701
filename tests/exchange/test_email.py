"""Official email (issue 13 item 6), against a real SMTP server (aiosmtpd) the test starts: a document
issued to a recipient with no system but an address is sent as its signed PDF by email through the outbox;
a document that came by the exchange is announced by email to the people the leader's instruction assigns."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from egov.channels import outbox
from egov.core.audit import SystemActor
from egov.core.signing import is_pdf
from egov.documents import services
from egov.documents.models import Document, Recipient
from egov.exchange import dispatch
from egov.exchange.models import Message
from tests.channels.conftest import free_port
from tests.documents.conftest import MONDAY
from tests.exchange.conftest import issued_to

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parsed["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 accepted"


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield box
    finally:
        controller.stop()


def test_recipient_without_system_gets_the_signed_pdf_by_email(
    office, ca, agency_certificates, peers, mailbox
):
    doc = issued_to(office, ca, ["Bưu điện tỉnh <vanthu@buudien.example>"])
    assert dispatch.dispatch(actor=SYSTEM, now=MONDAY) == 1
    assert Message.objects.get().kind == Message.Kind.EMAIL

    outbox.deliver_due()

    sent = [m for m in mailbox.messages if "vanthu@buudien.example" in m["X-Envelope-To"]]
    assert len(sent) == 1 and doc.number_symbol in sent[0]["Subject"]
    pdfs = [part.get_content() for part in sent[0].iter_attachments()]
    issued = doc.files.order_by("-version").first()
    assert len(pdfs) == 1 and is_pdf(pdfs[0]) and pdfs[0] == issued.file.open("rb").read()
    assert doc.recipients.get().exchange_status == Recipient.ExchangeStatus.SENT


def test_refused_address_marks_the_recipient_failed(office, ca, agency_certificates, peers, mailbox):
    doc = issued_to(office, ca, ["Bưu điện tỉnh <refused@buudien.example>"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)
    tally = outbox.deliver_due()
    assert tally.failed == 1 and "550" in Message.objects.get().error
    assert doc.recipients.get().exchange_status == Recipient.ExchangeStatus.FAILED
    assert Message.objects.get().state == Message.State.FAILED


def test_exchanged_document_announced_by_email_to_the_assigned_people(
    office, ca, agency_certificates, peers, loopback, mailbox
):
    office.justice_specialist.user.email = "chuyenvien@stp.example"
    office.justice_specialist.user.save(update_fields=["email"])
    issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)
    outbox.deliver_due()
    copy = Document.objects.get(direction="incoming", agency=office.justice)
    services.register(copy, actor=office.justice_clerk.user, now=MONDAY)
    instruction = services.Instruction(
        text="Giao xử lý", lead_unit=office.justice, lead_person=office.justice_specialist.user
    )
    services.instruct(copy, actor=office.justice_leader.user, instruction=instruction, now=MONDAY)
    mailbox.messages.clear()

    outbox.deliver_due()

    told = {m["X-Envelope-To"] for m in mailbox.messages}
    assert "chuyenvien@stp.example" in told
