"""A document issued to an agency reached by the exchange: handed over once, sent through the outbox,
received once into the addressed agency's inbox, acknowledged, and followed by a status for each move of
the receiver (rules/edxml-status.json "moves"); the sender's page shows each status with its time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.channels import outbox
from egov.channels.models import OutboxMessage
from egov.core.audit import SystemActor
from egov.documents import services
from egov.documents.models import Direction, Document, Recipient, Status
from egov.exchange import dispatch, receiving, statuses
from egov.exchange.models import Message
from tests.documents.conftest import MONDAY
from tests.exchange.conftest import issued_to

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


def deliver(now: dt.datetime | None = None) -> outbox.Tally:
    """One outbox batch at `now` (default: the real time, after every MONDAY message)."""
    return outbox.deliver_due(clock=lambda: now or timezone.now())


def incoming_of(office) -> list[Document]:
    return list(Document.objects.filter(direction=Direction.INCOMING, agency=office.justice))


def test_issued_document_reaches_the_peer_once_and_is_acknowledged(
    office, ca, agency_certificates, peers, loopback
):
    doc = issued_to(office, ca, ["Sở Tư pháp"])
    recipient = doc.recipients.get()
    assert recipient.exchange_status == Recipient.ExchangeStatus.PENDING

    assert dispatch.dispatch(actor=SYSTEM, now=MONDAY) == 1
    assert dispatch.dispatch(actor=SYSTEM, now=MONDAY) == 0  # handed over once
    message = Message.objects.get(direction="out", kind="edoc")
    assert message.organ_to == office.justice.code and message.document_ref.endswith("/QĐ-UBND")

    outbox.deliver_due(limit=1)  # the package alone (a batch may go on to the acknowledgement it causes)
    arrived = incoming_of(office)
    assert len(arrived) == 1 and arrived[0].status == Status.RECEIVED
    assert arrived[0].number_symbol == doc.number_symbol and arrived[0].summary == doc.summary
    assert arrived[0].files.get().sha256 == doc.files.order_by("-version").first().sha256
    recipient.refresh_from_db()
    assert recipient.exchange_status == Recipient.ExchangeStatus.SENT

    deliver()  # the acknowledgement "arrived" from the receiver
    recipient.refresh_from_db()
    assert recipient.exchange_status == Recipient.ExchangeStatus.ACKNOWLEDGED
    answers = Message.objects.filter(direction="in", kind="status", recipient=recipient)
    assert [a.status_code for a in answers] == ["01"]


def test_receiver_moves_reported_to_the_sender_in_order_appendix_vi_iii_1_o(
    client, office, ca, agency_certificates, peers, loopback
):
    doc = issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)
    deliver()
    deliver()
    copy = incoming_of(office)[0]

    services.register(copy, actor=office.justice_clerk.user, now=MONDAY)
    services.submit(copy, actor=office.justice_clerk.user, now=MONDAY)  # not reported (no status for it)
    instruction = services.Instruction(text="Giao phòng xử lý", lead_unit=office.justice)
    services.instruct(copy, actor=office.justice_leader.user, instruction=instruction, now=MONDAY)
    assert statuses.sync(actor=SYSTEM, now=MONDAY) == 2
    assert statuses.sync(actor=SYSTEM, now=MONDAY) == 0  # each move once
    services.complete(copy, actor=office.justice_leader.user, result="Đã thực hiện", now=MONDAY)
    assert statuses.sync(actor=SYSTEM, now=MONDAY) == 1
    deliver()

    recipient = doc.recipients.get()
    codes = list(
        Message.objects.filter(direction="in", kind="status", recipient=recipient).values_list(
            "status_code", flat=True
        )
    )
    assert codes == ["01", "03", "04", "06"]

    client.force_login(office.leader.user)
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    section = page.split('id="exchange"')[1]
    assert "Hoàn thành" in section and "Đã phân công" in section and "09:00" in section


def test_same_package_delivered_twice_lands_once(office, ca, agency_certificates, peers, loopback):
    issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)
    body = Message.objects.get(direction="out", kind="edoc").body.encode()

    first = receiving.accept(body, now=MONDAY)
    again = receiving.accept(body, now=MONDAY)

    assert first.http_status == again.http_status == 200 and again.description == "already received"
    assert len(incoming_of(office)) == 1


def test_unreachable_peer_retried_with_backoff_then_failed_and_visible(
    client, cast, office, ca, agency_certificates, peers
):
    doc = issued_to(office, ca, ["Sở Tư pháp"])
    dispatch.dispatch(actor=SYSTEM, now=MONDAY)  # the peer's endpoint is a closed port
    queued = OutboxMessage.objects.get(topic="exchange")

    tally = deliver(MONDAY)
    queued.refresh_from_db()
    assert tally.retried == 1 and queued.available_at > MONDAY and queued.failed_at is None
    later = MONDAY
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        later += dt.timedelta(hours=2)
        deliver(later)
    recipient = doc.recipients.get()
    assert recipient.exchange_status == Recipient.ExchangeStatus.FAILED
    message = Message.objects.get(direction="out", kind="edoc")
    assert message.state == Message.State.FAILED and "Connection refused" in message.error

    client.force_login(office.leader.user)
    page = client.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "Connection refused" in page.split('id="exchange"')[1]
    client.force_login(cast.province_admin.user)
    listed = client.get(reverse("exchange:list"), {"state": "failed"}).content.decode()
    assert "Connection refused" in listed.split('id="deliveries"')[1]

    assert client.post(reverse("exchange:retry", args=[message.pk])).status_code == 302
    message.refresh_from_db()
    recipient.refresh_from_db()
    queued.refresh_from_db()
    assert message.state == Message.State.QUEUED and queued.failed_at is None and queued.attempts == 0
    assert recipient.exchange_status == Recipient.ExchangeStatus.PENDING


def test_recipient_without_peer_or_address_marked_failed_with_reason(office, ca, agency_certificates, peers):
    doc = issued_to(office, ca, ["Bưu điện tỉnh"])
    assert dispatch.dispatch(actor=SYSTEM, now=MONDAY) == 0
    recipient = doc.recipients.get()
    assert recipient.exchange_status == Recipient.ExchangeStatus.FAILED
    assert not Message.objects.exists() and not OutboxMessage.objects.filter(topic="exchange").exists()
