"""Documents that arrive by email (issue 13 item 6: "replies by email registered"): an SMTP receiving
endpoint for the agencies' official addresses (`Agency.email`), run by `manage.py exchange_mailbox` behind
the province's mail relay.

A message to an agency's address with at least one attached file of an accepted kind (core.uploads: PDF,
DOCX, ...) lands in that agency's incoming list, "received", for its clerk to register and fill in the
number and type as with a paper letter; the sender, the subject and the files are kept, and a subject naming
one of the agency's outgoing documents ("Re: Văn bản 01/QĐ-UBND …") is noted as a reply to it. A message
with no acceptable file is refused (550) and nothing is kept; one delivered twice (same Message-ID) lands
once; an address that is no agency's is refused at RCPT.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import re
from typing import Any

from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core.audit import SystemActor
from egov.documents import files, numbering, services
from egov.documents.models import Document
from egov.documents.rules import rules_for as document_rules
from egov.exchange.models import Message
from egov.organizations.models import Agency

MAX_BYTES = 40 * 1024 * 1024


class Refused(Exception):
    """The message cannot be registered; the text is the SMTP answer's reason."""


def agency_for(address: str) -> Agency | None:
    return Agency.objects.filter(email__iexact=address.strip(), is_active=True).exclude(email="").first()


def _files(message: Any) -> list[tuple[bytes, str, str]]:
    kept = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        name = part.get_filename() or "tep-dinh-kem"
        upload = SimpleUploadedFile(name, data, content_type=part.get_content_type())
        try:
            checked = files.check(upload)
        except ValidationError:
            continue  # a file of a kind egov does not keep (an image signature, a calendar invitation)
        kept.append((files.read(checked), checked.name, checked.content_type))
    # The PDF first: it is the document itself when there is one.
    return sorted(kept, key=lambda f: f[2] != "application/pdf")


#: A number and symbol as written in a subject: "01/QĐ-UBND", "125/UBND-VP".
NUMBER_SYMBOL = re.compile(r"\b\d{1,6}/[^\s,;:()]+")


def _reply_to(agency: Agency, subject: str) -> Document | None:
    keys = [numbering.lookup_key(found) for found in NUMBER_SYMBOL.findall(subject)]
    outgoing = Document.objects.filter(agency=agency, direction="outgoing", number_symbol_key__in=keys)
    return outgoing.order_by("-created_at").first() if keys else None


def register_mail(raw: bytes, recipients: list[str], *, now: dt.datetime | None = None) -> list[Document]:
    """Register `raw` in the incoming list of each agency among `recipients`; Refused when nothing can be."""
    now = now or timezone.now()
    if len(raw) > MAX_BYTES:
        raise Refused("message too large")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    agencies = [a for a in (agency_for(r) for r in recipients) if a is not None]
    if not agencies:
        raise Refused("no agency has this address")
    attached = _files(message)
    if not attached:
        raise Refused("no attached document (PDF, DOCX, ODT, XLSX, JPEG, PNG) to register")
    sender_name, sender = email.utils.parseaddr(str(message.get("From", "")))
    subject = str(message.get("Subject", "")).strip() or "(không có tiêu đề)"
    message_id = str(message.get("Message-ID", "")).strip()[:100] or f"<{timezone.now().timestamp()}@egov>"
    made = []
    for agency in agencies:
        reply = _reply_to(agency, subject)
        with translation.override("vi"):
            note = _("Arrived by email from %(sender)s") % {"sender": sender}
            if reply is not None:
                note += "; " + _("a reply to %(number)s") % {"number": reply.number_symbol}
        meta = services.Metadata(
            doc_type=document_rules(timezone.localdate(now)).letter,
            issuer_name=(sender_name or sender)[:200],
            number_symbol="",
            issued_on=timezone.localdate(now),
            summary=subject[:500],
            recipients_text=", ".join(recipients)[:1000],
        )
        try:
            with transaction.atomic():
                Message.objects.create(
                    direction=Message.Direction.IN,
                    kind=Message.Kind.EMAIL,
                    message_id=message_id,
                    organ_from=f"email:{agency.pk}"[:30],
                    organ_to=agency.code,
                    description=f"{sender} {subject}"[:500],
                    state=Message.State.ACCEPTED,
                    created_at=now,
                )
                doc = services.arrive(
                    actor=SystemActor("email"),
                    agency=agency,
                    meta=meta,
                    files_in=attached,
                    note=note,
                    now=now,
                )
                Message.objects.filter(
                    direction=Message.Direction.IN,
                    organ_from=f"email:{agency.pk}"[:30],
                    message_id=message_id,
                ).update(document=doc)
                made.append(doc)
        except IntegrityError:
            continue  # this message was registered for this agency already
    return made


class Handler:
    """aiosmtpd's handler: refuses unknown addresses at RCPT, registers the message at DATA."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if await sync_to_async(agency_for, thread_sensitive=False)(address) is None:
            return "550 5.1.1 not an agency's address here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        try:
            await sync_to_async(register_mail, thread_sensitive=False)(
                envelope.content, list(envelope.rcpt_tos)
            )
        except Refused as exc:
            return f"550 5.7.1 {exc}"
        return "250 registered"
