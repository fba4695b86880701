"""Outgoing: the pending external recipients of issued documents become signed edXML packages (or emails
with the signed PDF) in the outbox, each in one transaction with its audit row.

A recipient is picked while its `exchange_status` is "pending" and no message was made for it, so running
`manage.py exchange_sync` again never sends a document twice; a recipient egov cannot reach (no peer, no
address, no certificate to sign with) is marked failed with the reason, visible on the document's page
and on the exchange screen: nothing waits unseen.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.core import audit
from egov.core.audit import Actor
from egov.documents import outgoing
from egov.documents.models import Direction, Document, DocumentFile, Recipient, Status
from egov.documents.rules import rules_for as document_rules
from egov.exchange import edxml, routes, signature
from egov.exchange.models import Message
from egov.organizations import certificates

#: Urgency → edXML Priority (egov's choice; the standard's values are unverified, docs/legal-notes/edxml.md).
PRIORITY = {"normal": "0", "urgent": "1", "very_urgent": "2", "flash": "3"}


def pending() -> list[Recipient]:
    """External recipients of issued documents still waiting for the exchange, oldest first."""
    made = Message.objects.filter(direction=Message.Direction.OUT, recipient__isnull=False).values(
        "recipient"
    )
    return list(
        Recipient.objects.filter(
            agency__isnull=True,
            exchange_status=Recipient.ExchangeStatus.PENDING,
            document__direction=Direction.OUTGOING,
            document__status=Status.ISSUED,
        )
        .exclude(pk__in=made)
        .select_related("document__agency")
        .order_by("id")
    )


def split_number(number_symbol: str) -> tuple[str, str]:
    """ "01/QĐ-UBND" → ("01", "QĐ-UBND")."""
    number, _slash, notation = number_symbol.partition("/")
    return number, notation


def files_of(doc: Document) -> list[DocumentFile]:
    """The issued (signed) file first, then the attachments."""
    return [outgoing.latest(doc), *doc.files.filter(role=DocumentFile.Role.ATTACHMENT)]


def package_for(doc: Document, to: edxml.Party, message_id: str) -> edxml.Edoc:
    number, notation = split_number(doc.number_symbol)
    return edxml.Edoc(
        message_id=message_id,
        sender=edxml.Party(doc.agency.code, doc.agency.name),
        to=(to,),
        number=number,
        notation=notation,
        place=doc.agency.address,
        promulgation_date=doc.issued_on,
        type_code=doc.doc_type,
        type_name=document_rules(doc.issued_on or timezone.localdate()).types.get(doc.doc_type, doc.doc_type),
        subject=doc.summary,
        signer_name=doc.signer_name,
        signer_position=doc.signer_position,
        due_date=doc.due_on,
        priority=PRIORITY.get(doc.urgency, "0"),
        to_places=tuple(r.name for r in doc.recipients.all()),
        page_amount=doc.pages,
        attachments=tuple(
            edxml.Attachment(f.name, f.content_type, f.file.open("rb").read()) for f in files_of(doc)
        ),
    )


def _fail(recipient: Recipient, reason: str, actor: Actor, now: dt.datetime) -> None:
    recipient.exchange_status = Recipient.ExchangeStatus.FAILED
    recipient.save(update_fields=["exchange_status"])
    audit.record(
        actor,
        "exchange.send",
        recipient.document,
        after={"recipient": recipient.name, "failed": reason},
        agency_path=recipient.document.agency.path,
    )


def hand_over(recipient: Recipient, *, actor: Actor, now: dt.datetime | None = None) -> Message | None:
    """Make the package (or the email) for one pending external recipient and queue it in the outbox; None
    when the recipient cannot be reached (it is then marked failed with the reason)."""
    now = now or timezone.now()
    doc = recipient.document
    with transaction.atomic():
        locked = Recipient.objects.select_for_update().get(pk=recipient.pk)
        if locked.exchange_status != Recipient.ExchangeStatus.PENDING:
            return None
        route = routes.route_for(locked.name, locked.identifier)
        with translation.override("vi"):
            if route is None:
                _fail(locked, _("No exchange peer or email address is known for this recipient."), actor, now)
                return None
            message = Message(
                direction=Message.Direction.OUT,
                message_id=str(uuid.uuid4()),
                organ_from=doc.agency.code,
                document=doc,
                recipient=locked,
                state=Message.State.QUEUED,
                created_at=now,
            )
            if route.peer is not None:
                found = certificates.signing_key_for(doc.agency, now)
                if found is None:
                    _fail(locked, _("The agency has no usable certificate to sign with."), actor, now)
                    return None
                package = package_for(
                    doc, edxml.Party(route.peer.organ_id, route.peer.name), message.message_id
                )
                message.kind, message.peer, message.organ_to = (
                    Message.Kind.EDOC,
                    route.peer,
                    route.peer.organ_id,
                )
                message.document_ref = package.document_id
                message.body = signature.sign(edxml.build_edoc(package, now), found[1]).decode("utf-8")
            else:
                message.kind, message.organ_to = Message.Kind.EMAIL, route.email
        message.save()
        outbox.enqueue("exchange", {"message": str(message.pk)}, subject=message, now=now)
        audit.record(
            actor,
            "exchange.send",
            doc,
            after={"recipient": locked.name, "to": message.organ_to, "kind": message.kind},
            agency_path=doc.agency.path,
        )
    return message


def dispatch(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Hand every pending external recipient to the exchange; how many messages were queued."""
    return sum(1 for r in pending() if hand_over(r, actor=actor, now=now) is not None)
