"""How the outbox delivers the exchange's messages (topic "exchange"), and what it records after.

- A package (document or status) is POSTed to the peer's endpoint as application/xml. 2xx: delivered.
  4xx: the peer refused it for good (its answer, a status package "rejected" with the reason, is kept as
  the error). Anything else (5xx, no connection, a timeout) is a passing fault: the outbox tries again
  with back-off, then marks it failed, which `failed` records on the message and the recipient.
- A peer whose endpoint is this deployment's own (EGOV_PUBLIC_URL) is served in process by the same
  receiving code as the endpoint.
- An email carries the signed PDF as an attachment, through the channels' email transport (a refused
  address is a permanent failure, a busy server a passing one).
"""

from __future__ import annotations

import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.channels.models import OutboxMessage
from egov.channels.transports import PermanentFailure, send_email
from egov.documents.models import Recipient
from egov.exchange import edxml, receiving
from egov.exchange.dispatch import files_of
from egov.exchange.models import Message


def _message(outboxed: OutboxMessage) -> Message:
    message = Message.objects.select_related("peer", "document", "recipient").filter(
        pk=outboxed.payload.get("message")
    )
    found = message.first()
    if found is None:
        raise PermanentFailure("the exchange message no longer exists")
    return found


def _reason(body: bytes) -> str:
    """The Description of a status package the peer answered with, else the start of its answer."""
    try:
        return edxml.answer_of(body)[1]
    except edxml.Malformed:
        return body[:300].decode("utf-8", "replace")


def own_endpoint() -> str:
    return settings.EGOV_PUBLIC_URL + reverse("exchange:endpoint")


def post(message: Message) -> None:
    if message.peer is None:
        raise PermanentFailure("no peer")
    if message.peer.endpoint.rstrip("/") == own_endpoint().rstrip("/"):
        # A peer in this same deployment (the demo's two agencies): the package takes the endpoint's own
        # path, signature check included, without a request to ourselves that a lone worker would wait on.
        answer = receiving.accept(message.body.encode("utf-8"))
        if answer.http_status >= 400:
            raise PermanentFailure(f"{answer.http_status}: {answer.description}")
        return
    request = urllib.request.Request(
        message.peer.endpoint,
        data=message.body.encode("utf-8"),
        headers={"Content-Type": "application/xml; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.EGOV_EXCHANGE_TIMEOUT) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        reason = f"{exc.code}: {_reason(exc.read())}"
        if 400 <= exc.code < 500:
            raise PermanentFailure(reason) from None
        raise OSError(reason) from None


def email(message: Message) -> None:
    doc = message.document
    if doc is None:
        raise PermanentFailure("no document")
    with translation.override("vi"):
        subject = _("Document %(number)s from %(agency)s") % {
            "number": doc.number_symbol,
            "agency": doc.agency.name,
        }
        body = _(
            "%(agency)s sends you the document %(number)s: %(summary)s\n\n"
            "The attached PDF carries the digital signatures of its signer and of the agency."
        ) % {"agency": doc.agency.name, "number": doc.number_symbol, "summary": doc.summary}
    files = []
    for item in files_of(doc):
        with item.file.open("rb") as stored:
            files.append((item.name, stored.read(), item.content_type))
    # The exchange message's own id, the same on every attempt: a retried email is one message to the
    # recipient's mail system.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    send_email(
        message.organ_to, subject, body, files, message_id=f"<egov.exchange.{message.message_id}@{domain}>"
    )


def send(outboxed: OutboxMessage) -> None:
    """The outbox's sender for topic "exchange"."""
    message = _message(outboxed)
    if message.kind == Message.Kind.EMAIL:
        email(message)
    else:
        post(message)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            state=Message.State.SENT, sent_at=timezone.now(), error=""
        )
        if message.recipient_id is not None:
            # Sent, unless the recipient's acknowledgement came back faster than this line.
            Recipient.objects.filter(
                pk=message.recipient_id,
                exchange_status__in=(Recipient.ExchangeStatus.PENDING, Recipient.ExchangeStatus.FAILED),
            ).update(exchange_status=Recipient.ExchangeStatus.SENT)


def failed(outboxed: OutboxMessage, error: str) -> None:
    """The outbox gave the message up: the message and its recipient show it, with the reason."""
    pk = outboxed.payload.get("message")
    with transaction.atomic():
        Message.objects.filter(pk=pk).update(state=Message.State.FAILED, error=error[:2000])
        recipient = Message.objects.filter(pk=pk).values_list("recipient_id", flat=True).first()
        if recipient is not None:
            Recipient.objects.filter(pk=recipient).update(exchange_status=Recipient.ExchangeStatus.FAILED)
