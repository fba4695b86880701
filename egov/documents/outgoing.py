"""Outgoing documents (Decree 30/2020/NĐ-CP art. 14-19): draft with versions and comments, review,
approval, the signer's digital signature with the number given at signing (art. 15.3: by the system), the
agency's digital signature at issuance (art. 17.2, Appendix I, Part I, II.8), issuance to the recipients of
this deployment (they find it among their incoming documents) and to external ones (recorded for the
exchange, which sends them), recall (art. 18.4) and replacement (art. 18.3). Every change goes through
`services.move`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.core import signing
from egov.core.audit import Actor
from egov.documents import files, notices, numbering, permissions
from egov.documents.models import Comment, Direction, Document, DocumentEvent, DocumentFile, Recipient, Status
from egov.documents.services import _check_type, _record, account, move, person
from egov.organizations import certificates
from egov.organizations.models import Agency
from egov.organizations.roles import Role

#: The signer's visible block, and the agency's over its left part (Appendix I, Part I, II.8.a: the seal
#: over about the left third of the signer's signature; egov draws text blocks, which overlap by a quarter
#: so both stay legible).
SIGNER_FIELD, SIGNER_BOX = "ChuKyNguoiKy", (330, 40, 570, 120)
AGENCY_FIELD, AGENCY_BOX = "ChuKyCoQuan", (150, 55, 390, 125)


@dataclass(frozen=True)
class Draft:
    doc_type: str
    summary: str
    drafting_unit: Agency | None = None
    urgency: str = "normal"
    confidentiality: str = "normal"
    due_on: dt.date | None = None
    internal: Sequence[Agency] = ()
    external: Sequence[str] = field(default_factory=tuple)
    #: The incoming document of the same agency this draft answers.
    answers: Document | None = None


def create_draft(
    *,
    actor: Actor,
    agency: Agency,
    draft: Draft,
    main: Any,
    replaces: Document | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """A specialist starts a draft of `agency` with its first version and its recipients."""
    now = now or timezone.now()
    if not permissions.may_draft(actor, agency):
        raise PermissionDenied(_("You may not draft documents of this agency."))
    _check_type(draft.doc_type, timezone.localdate(now))
    if not draft.summary.strip():
        raise ValidationError(_("Write the summary (trích yếu)."))
    if not draft.internal and not [n for n in draft.external if n.strip()]:
        raise ValidationError(_("Name at least one recipient."))
    if draft.answers is not None and not (
        draft.answers.direction == Direction.INCOMING and draft.answers.agency_id == agency.pk
    ):
        raise ValidationError(_("A reply answers an incoming document of the same agency."))
    checked = files.check(main)
    with files.removed_on_error(), transaction.atomic():
        doc = Document.objects.create(
            direction=Direction.OUTGOING,
            agency=agency,
            status=Status.DRAFT,
            doc_type=draft.doc_type,
            issuer_name=agency.name,
            issuer_agency=agency,
            summary=draft.summary.strip(),
            drafting_unit=draft.drafting_unit,
            urgency=draft.urgency,
            confidentiality=draft.confidentiality,
            due_on=draft.due_on,
            replaces=replaces,
            answers=draft.answers,
            recipients_text="\n".join(
                [a.name for a in draft.internal] + [n.strip() for n in draft.external if n.strip()]
            ),
            created_by=account(actor),
            created_at=now,
        )
        for a in draft.internal:
            Recipient.objects.create(document=doc, agency=a, name=a.name)
        for name in draft.external:
            if name.strip():
                Recipient.objects.create(document=doc, name=name.strip()[:200])
        files.keep(doc, files.read(checked), checked.name, checked.content_type, actor=actor, now=now)
        _record(doc, "draft", actor, "", "", now)
    return doc


def latest(doc: Document) -> DocumentFile:
    item = doc.files.filter(role=DocumentFile.Role.MAIN).order_by("-version", "-id").first()
    if item is None:
        raise ValidationError(_("This document has no file."))
    return item


def new_version(doc: Document, *, actor: Actor, main: Any, now: dt.datetime | None = None) -> Document:
    now = now or timezone.now()
    checked = files.check(main)

    def change(d: Document) -> None:
        files.keep(
            d,
            files.read(checked),
            checked.name,
            checked.content_type,
            actor=actor,
            now=now,
            version=latest(d).version + 1,
        )

    with files.removed_on_error():
        return move(doc, "new_version", actor=actor, change=change, now=now)


def comment(doc: Document, *, actor: Actor, text: str, now: dt.datetime | None = None) -> Document:
    now = now or timezone.now()
    if not text.strip():
        raise ValidationError(_("Write the comment."))

    def change(d: Document) -> None:
        Comment.objects.create(
            document=d, version=latest(d).version, author=person(actor), text=text.strip(), at=now
        )

    return move(doc, "comment", actor=actor, note=text.strip(), change=change, now=now)


def send_for_review(
    doc: Document, *, actor: Actor, approver: Any, now: dt.datetime | None = None
) -> Document:
    """The drafter sends the draft to the leader who will approve and sign it."""
    if approver is None or not permissions.is_leader(approver, doc.agency):
        raise ValidationError(_("Choose a leader of the issuing agency."))

    def change(d: Document) -> None:
        d.approver = approver

    result = move(doc, "send_for_review", actor=actor, change=change, now=now)
    notices.tell([approver], result, _("a draft waits for your review"))
    return result


def send_back(doc: Document, *, actor: Actor, reason: str, now: dt.datetime | None = None) -> Document:
    if not reason.strip():
        raise ValidationError(_("Say what must change."))
    result = move(doc, "send_back", actor=actor, note=reason.strip(), now=now)
    notices.tell([result.created_by], result, _("sent back to the drafter"))
    return result


def approve(doc: Document, *, actor: Actor, now: dt.datetime | None = None) -> Document:
    result = move(doc, "approve", actor=actor, now=now)
    notices.tell([result.created_by], result, _("approved"))
    return result


def _iso(moment: dt.datetime) -> str:
    """The signing time as Appendix I asks: date, time and Vietnam's offset (ISO 8601)."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def sign(
    doc: Document,
    *,
    actor: Actor,
    key: signing.SigningKey,
    position: str = "",
    now: dt.datetime | None = None,
) -> Document:
    """The signer signs the last version (a PDF) with their own key; the document gets its number and
    symbol and its line in the outgoing register in the same transaction (art. 15.3, 16)."""
    now = now or timezone.now()
    source = latest(doc)
    data = files.content(source)
    if not signing.is_pdf(data):
        raise ValidationError(_("Only a PDF can be signed: upload the final version as PDF first."))

    def change(d: Document) -> None:
        numbering.number_outgoing(d, now)
        d.signer_name = actor.get_full_name()
        d.signer_position = position
        with translation.override("vi"):
            lines = [
                _("Signed by: %(name)s") % {"name": d.signer_name},
                _("Number: %(number)s") % {"number": d.number_symbol},
                _("Signed at: %(moment)s") % {"moment": _iso(now)},
            ]
        try:
            signed = signing.sign_pdf(
                data,
                key,
                stamp=lines,
                reason=d.summary[:200],
                location=d.agency.name,
                field_name=SIGNER_FIELD,
                box=SIGNER_BOX,
            )
        except signing.SigningError as exc:
            raise ValidationError(_("The file could not be signed: %(error)s") % {"error": exc}) from None
        d.pages = d.pages or _pages(signed)
        files.keep(
            d,
            signed,
            f"{d.number_symbol.replace('/', '_')}.pdf",
            "application/pdf",
            actor=actor,
            now=now,
            version=source.version + 1,
            signatures=files.signed_line(key, now),
        )

    with files.removed_on_error():
        result = move(doc, "sign", actor=actor, change=change, now=now)
    notices.tell(notices.people(result.agency, (Role.CLERK,)), result, _("signed: ready to issue"))
    return result


def _pages(data: bytes) -> int | None:
    import io

    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # a page count is a nicety; a file pyHanko signed is read by pypdf anyway
        return None


def issue(doc: Document, *, actor: Actor, now: dt.datetime | None = None) -> Document:
    """The clerk adds the agency's signature (the number and the time, over the signer's block) and issues:
    each recipient of this deployment receives it as an incoming document; external ones wait for the
    exchange. Issuing a replacement marks the document it replaces as replaced."""
    now = now or timezone.now()
    found = certificates.signing_key_for(doc.agency, now)
    if found is None:
        raise ValidationError(_("The agency has no usable certificate to sign with."))
    key = found[1]
    source = latest(doc)

    def change(d: Document) -> None:
        with translation.override("vi"):
            lines = [d.agency.name, d.number_symbol, _iso(now)]
        try:
            signed = signing.sign_pdf(
                files.content(source),
                key,
                stamp=lines,
                reason=d.number_symbol,
                location=d.agency.name,
                field_name=AGENCY_FIELD,
                box=AGENCY_BOX,
                timestamp_url=settings.EGOV_SIGNING_TIMESTAMP_URL,
            )
        except signing.SigningError as exc:
            raise ValidationError(_("The file could not be signed: %(error)s") % {"error": exc}) from None
        issued = files.keep(
            d,
            signed,
            source.name,
            "application/pdf",
            actor=actor,
            now=now,
            version=source.version + 1,
            signatures=files.signed_line(key, now, source.signatures),
        )
        d.copies = d.recipients.count()
        for r in d.recipients.select_related("agency"):
            if r.agency is None:
                r.exchange_status = Recipient.ExchangeStatus.PENDING
            else:
                r.delivered = _deliver(d, r.agency, issued, actor, now)
                r.exchange_status = Recipient.ExchangeStatus.DELIVERED
            r.save(update_fields=["exchange_status", "delivered"])
        if d.replaces is not None:
            _follow(d.replaces, "replaced", Status.REPLACED, actor, d.number_symbol, now)

    with files.removed_on_error():
        result = move(doc, "issue", actor=actor, change=change, now=now)
    for agency in _internal(result):
        notices.tell(notices.people(agency, (Role.CLERK,)), result, _("a new incoming document arrived"))
    return result


def _internal(doc: Document) -> list[Agency]:
    return [r.agency for r in doc.recipients.select_related("agency") if r.agency is not None]


def _deliver(d: Document, agency: Agency, issued: DocumentFile, actor: Actor, now: dt.datetime) -> Document:
    """The recipient's incoming copy, "received" until its clerk registers it; the file is the issued one,
    kept once in storage and pointed at by both."""
    copy = Document.objects.create(
        direction=Direction.INCOMING,
        agency=agency,
        status=Status.RECEIVED,
        doc_type=d.doc_type,
        issuer_name=d.agency.name,
        issuer_agency=d.agency,
        number_symbol=d.number_symbol,
        number_symbol_key=d.number_symbol_key,
        issued_on=d.issued_on,
        summary=d.summary,
        signer_name=d.signer_name,
        signer_position=d.signer_position,
        urgency=d.urgency,
        confidentiality=d.confidentiality,
        recipients_text=d.recipients_text,
        due_on=d.due_on,
        pages=d.pages,
        source=d,
        arrived_at=now,
        created_at=now,
    )
    DocumentFile.objects.create(
        document=copy,
        role=DocumentFile.Role.MAIN,
        version=1,
        file=issued.file.name,
        name=issued.name,
        content_type=issued.content_type,
        size=issued.size,
        sha256=issued.sha256,
        signatures=issued.signatures,
        uploaded_at=now,
    )
    _record(copy, "receive", actor, "", _("Issued by %(agency)s") % {"agency": d.agency.name}, now)
    return copy


def _follow(doc: Document, action: str, status: str, actor: Actor, note: str, now: dt.datetime) -> None:
    """A document whose status follows another's move (a recalled document's copies, a replaced one), in
    that move's transaction (Appendix VI, Part I, III.8: the receiver's copy is cancelled on recall)."""
    targets = [doc, *Document.objects.select_for_update().filter(source=doc)]
    for t in targets:
        before = t.status
        t.status = status
        t.save(update_fields=["status"])
        DocumentEvent.objects.create(
            document=t,
            action=action,
            actor=account(actor),
            actor_name=actor.get_full_name(),
            from_status=before,
            to_status=status,
            note=note,
            at=now,
        )


def recall(doc: Document, *, actor: Actor, reason: str, now: dt.datetime | None = None) -> Document:
    """The issuing agency's leader recalls an issued document: its copies in this deployment are cancelled
    and their clerks told (art. 18.4.b)."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError(_("Give the reason for the recall."))

    def change(d: Document) -> None:
        for copy in Document.objects.select_for_update().filter(source=d):
            before = copy.status
            copy.status = Status.RECALLED
            copy.save(update_fields=["status"])
            DocumentEvent.objects.create(
                document=copy,
                action="recall",
                actor=account(actor),
                actor_name=actor.get_full_name(),
                from_status=before,
                to_status=copy.status,
                note=reason,
                at=now,
            )

    result = move(doc, "recall", actor=actor, note=reason.strip(), change=change, now=now)
    for agency in _internal(result):
        notices.tell(notices.people(agency, (Role.CLERK,)), result, _("recalled by its issuer"))
    return result


def start_replacement(
    doc: Document, *, actor: Actor, main: Any, summary: str = "", now: dt.datetime | None = None
) -> Document:
    """A new draft that will replace an issued document (art. 18.3), with its type and recipients."""
    if doc.direction != Direction.OUTGOING or doc.status != Status.ISSUED:
        raise ValidationError(_("Only an issued document can be replaced."))
    recipients = list(doc.recipients.select_related("agency"))
    draft = Draft(
        doc_type=doc.doc_type,
        summary=summary or doc.summary,
        drafting_unit=doc.drafting_unit,
        urgency=doc.urgency,
        confidentiality=doc.confidentiality,
        due_on=doc.due_on,
        internal=[r.agency for r in recipients if r.agency is not None],
        external=[r.name for r in recipients if r.agency is None],
    )
    return create_draft(actor=actor, agency=doc.agency, draft=draft, main=main, replaces=doc, now=now)
