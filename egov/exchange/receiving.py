"""Incoming: a package POSTed by a peer is read, its signature verified against that peer's certificate,
and kept once per sender and message id.

- A document lands in the addressed agency's incoming list, "received", for its clerk to register through
  the documents screens; its arrival is acknowledged by a status package "arrived" queued in the same
  transaction.
- A status answers a document we sent: it is kept beside that recipient, whose exchange status becomes
  "acknowledged" (or "failed" when the peer rejected the document).
- Anything malformed, unsigned, from an unknown sender or addressed to no agency here is refused with a
  status "rejected" and the reason, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from egov.core import audit
from egov.core.audit import Actor, SystemActor
from egov.documents import services as documents
from egov.documents.models import Recipient
from egov.documents.rules import rules_for as document_rules
from egov.exchange import edxml, signature, statuses
from egov.exchange.models import Message, Peer
from egov.exchange.rules import rules_for
from egov.organizations.models import Agency

URGENCY = {"1": "urgent", "2": "very_urgent", "3": "flash"}


@dataclass(frozen=True)
class Answer:
    """What the endpoint answers: an HTTP status and a status package (unsigned: the signed
    acknowledgement follows through the outbox)."""

    http_status: int
    code: str
    description: str

    def body(self, now: dt.datetime) -> bytes:
        status = edxml.Status(
            message_id="-",
            sender=edxml.Party(""),
            to=edxml.Party(""),
            document_id="-",
            code=self.code,
            description=self.description,
            timestamp=timezone.localtime(now),
        )
        return edxml.to_bytes(edxml.build_status(status, now))


class Refused(Exception):
    def __init__(self, http_status: int, reason: str) -> None:
        super().__init__(reason)
        self.http_status = http_status
        self.reason = reason


def _rejected(http_status: int, reason: str, now: dt.datetime) -> Answer:
    return Answer(http_status, rules_for(timezone.localdate(now)).code("rejected"), reason)


def accept(data: bytes, *, now: dt.datetime | None = None) -> Answer:
    """Take one package from a peer; the answer to give it."""
    now = now or timezone.now()
    actor = SystemActor("exchange")
    try:
        root = edxml.parse_xml(data)
        sender = edxml.sender_of(root)
        peer = Peer.objects.filter(organ_id=sender, is_active=True).first()
        if peer is None:
            raise Refused(403, f"unknown sender {sender!r}: not a peer of this system")
        signed = signature.verify(data, peer.trust_pem)
        if edxml.sender_of(signed) != peer.organ_id:
            raise Refused(403, "the signed package names another sender")
        kind = edxml.kind(signed)
        if kind == "edoc":
            return _document(edxml.read_edoc(signed), peer, actor, now)
        return _status(edxml.read_status(signed), peer, actor, now)
    except edxml.Malformed as exc:
        return _rejected(400, f"malformed package: {exc}", now)
    except signature.Unsigned as exc:
        return _rejected(403, str(exc), now)
    except Refused as exc:
        return _rejected(exc.http_status, exc.reason, now)


def _arrived(now: dt.datetime, text: str) -> Answer:
    return Answer(200, rules_for(timezone.localdate(now)).code("arrived"), text)


def _type_of(package: edxml.Edoc, day: dt.date) -> str:
    """The document type by its abbreviation, else by its name, else a letter (công văn)."""
    rules = document_rules(day)
    if package.type_code in rules.types:
        return package.type_code
    by_name = {name.casefold(): code for code, name in rules.types.items()}
    return by_name.get(package.type_name.casefold(), rules.letter)


def _document(package: edxml.Edoc, peer: Peer, actor: Actor, now: dt.datetime) -> Answer:
    if Message.objects.filter(
        direction=Message.Direction.IN, organ_from=peer.organ_id, message_id=package.message_id
    ).exists():
        return _arrived(now, "already received")
    codes = [p.organ_id for p in package.to]
    agency = Agency.objects.filter(code__in=codes, is_active=True).order_by("path").first()
    if agency is None:
        raise Refused(400, f"not addressed to an agency of this system: {', '.join(codes)}")
    number_symbol = f"{package.number}/{package.notation}" if package.notation else package.number
    meta = documents.Metadata(
        doc_type=_type_of(package, timezone.localdate(now)),
        issuer_name=(package.sender.name or peer.name)[:200],
        number_symbol=number_symbol[:50],
        issued_on=package.promulgation_date,
        summary=package.subject[:500],
        signer_name=package.signer_name[:100],
        signer_position=package.signer_position[:100],
        urgency=URGENCY.get(package.priority, "normal"),
        due_on=package.due_date,
        pages=package.page_amount,
        recipients_text="\n".join(package.to_places),
    )
    files_in = [
        (a.data, a.name[:200], a.content_type or "application/octet-stream") for a in package.attachments
    ]
    try:
        with transaction.atomic():
            message = Message.objects.create(
                direction=Message.Direction.IN,
                kind=Message.Kind.EDOC,
                message_id=package.message_id,
                organ_from=peer.organ_id,
                organ_to=agency.code,
                peer=peer,
                document_ref=package.document_id,
                state=Message.State.ACCEPTED,
                created_at=now,
            )
            with translation.override("vi"):
                note = f"{statuses.words('arrived')}: {peer.name}"
            doc = documents.arrive(
                actor=actor, agency=agency, meta=meta, files_in=files_in, note=note, now=now
            )
            message.document = doc
            message.reported_event_id = doc.events.order_by("-id").values_list("id", flat=True).first() or 0
            message.save(update_fields=["document", "reported_event_id"])
            audit.record(
                actor,
                "exchange.receive",
                doc,
                after={"from": peer.organ_id, "message_id": package.message_id},
                agency_path=agency.path,
            )
            statuses.queue(message, "arrived", actor=actor, agency=agency, now=now)
    except IntegrityError:  # the same package, delivered twice at once: the other delivery kept it
        return _arrived(now, "already received")
    return _arrived(now, "received")


def _status(status: edxml.Status, peer: Peer, actor: Actor, now: dt.datetime) -> Answer:
    if Message.objects.filter(
        direction=Message.Direction.IN, organ_from=peer.organ_id, message_id=status.message_id
    ).exists():
        return _arrived(now, "already received")
    about = (
        Message.objects.filter(kind=Message.Kind.EDOC, document_ref=status.document_id)
        .filter(
            # a status on a document we sent to that peer, or (a recall) on one that peer sent us
            Q(direction=Message.Direction.OUT, organ_to=peer.organ_id)
            | Q(direction=Message.Direction.IN, organ_from=peer.organ_id)
        )
        .select_related("document__agency", "recipient")
        .first()
    )
    if about is None:
        raise Refused(400, f"answers no document exchanged with {peer.organ_id}: {status.document_id}")
    name = rules_for(timezone.localdate(now)).name(status.code)
    try:
        with transaction.atomic():
            Message.objects.create(
                direction=Message.Direction.IN,
                kind=Message.Kind.STATUS,
                message_id=status.message_id,
                organ_from=peer.organ_id,
                organ_to=status.to.organ_id,
                peer=peer,
                document=about.document,
                recipient=about.recipient,
                answers=about,
                document_ref=status.document_id,
                status_code=status.code,
                description=status.description[:500],
                state=Message.State.ACCEPTED,
                created_at=now,
                sent_at=status.timestamp,
            )
            if about.recipient_id is not None and name not in ("recall_accepted", "recall_refused"):
                new = (
                    Recipient.ExchangeStatus.FAILED
                    if name == "rejected"
                    else Recipient.ExchangeStatus.ACKNOWLEDGED
                )
                Recipient.objects.filter(pk=about.recipient_id).update(exchange_status=new)
            if about.document is not None:
                audit.record(
                    actor,
                    "exchange.status",
                    about.document,
                    after={
                        "from": peer.organ_id,
                        "code": status.code,
                        "description": status.description[:200],
                    },
                    agency_path=about.document.agency.path,
                )
    except IntegrityError:
        return _arrived(now, "already received")
    return _arrived(now, "status recorded")
