"""Replies by email registered (issue 13 item 6): the SMTP endpoint (egov/exchange/mailbox.py, the command
`exchange_mailbox`) started on 127.0.0.1 and spoken to with smtplib, as the mail relay would. A message with
a PDF to an agency's address lands in its incoming list, noted as a reply when its subject names one of the
agency's outgoing documents; a message without a file, or to an unknown address, is refused and nothing is
kept; the same message twice lands once."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from egov.documents.models import Document, Status
from egov.exchange.mailbox import Handler
from tests.channels.conftest import free_port
from tests.documents.conftest import pdf

pytestmark = pytest.mark.django_db(transaction=True)  # the server's thread reads what the test wrote
ADDRESS = "vanthu@stp.example.gov.vn"


@pytest.fixture
def mailbox(office) -> Iterator[int]:
    office.justice.email = ADDRESS
    office.justice.save(update_fields=["email"])
    controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def mail(
    subject: str, *, attach: bool = True, message_id: str = "<tra-loi-1@buudien.example>"
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Bưu điện tỉnh <vanthu@buudien.example>"
    message["To"] = ADDRESS
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content("Kính gửi Sở Tư pháp, Bưu điện tỉnh gửi văn bản trả lời.")
    if attach:
        message.add_attachment(pdf().read(), maintype="application", subtype="pdf", filename="tra-loi.pdf")
    return message


def send(port: int, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(message)


def arrived(office) -> list[Document]:
    return list(Document.objects.filter(direction="incoming", agency=office.justice))


def test_reply_by_email_lands_in_the_incoming_list(office, mailbox):
    send(mailbox, mail("Re: Văn bản trả lời về việc phối hợp"))
    docs = arrived(office)
    assert len(docs) == 1 and docs[0].status == Status.RECEIVED
    assert (
        docs[0].issuer_name == "Bưu điện tỉnh" and docs[0].summary == "Re: Văn bản trả lời về việc phối hợp"
    )
    assert docs[0].files.get().content_type == "application/pdf"
    assert "vanthu@buudien.example" in docs[0].events.get().note


def test_same_message_twice_lands_once(office, mailbox):
    send(mailbox, mail("Trả lời"))
    send(mailbox, mail("Trả lời"))
    assert len(arrived(office)) == 1


def test_message_without_a_file_refused_and_nothing_kept(office, mailbox):
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(mailbox, mail("Không có tệp", attach=False))
    assert refused.value.smtp_code == 550 and arrived(office) == []


def test_unknown_address_refused(office, mailbox):
    message = mail("Gửi nhầm")
    message.replace_header("To", "khong-co@stp.example.gov.vn")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(mailbox, message)
    assert arrived(office) == []


def test_reply_naming_an_outgoing_document_is_noted_as_its_reply(office, mailbox):
    from django.utils import timezone

    from egov.documents import numbering

    Document.objects.create(
        direction="outgoing",
        agency=office.justice,
        status=Status.ISSUED,
        doc_type="CV",
        issuer_name="Sở Tư pháp",
        number_symbol="05/STP-VP",
        number_symbol_key=numbering.lookup_key("05/STP-VP"),
        summary="V/v đề nghị phối hợp",
        created_at=timezone.now(),
    )
    send(mailbox, mail("Re: Trả lời Công văn 05/STP-VP ngày 01/6/2026"))
    incoming = Document.objects.get(direction="incoming", agency=office.justice)
    assert "05/STP-VP" in incoming.events.get().note
