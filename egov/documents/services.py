"""Every change to a document, each in one transaction with its history row, its audit row and the emails
it causes (Decree 30/2020/NĐ-CP Chương III). Incoming documents here; outgoing ones in `outgoing.py`.

`move` is the only writer of `Document.status`: it locks the row, checks the move table (`transitions`),
runs the move's own change, and records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import User
from egov.core import audit
from egov.core.audit import Actor
from egov.documents import files, notices, numbering, search_index
from egov.documents.models import Assignment, Direction, Document, DocumentEvent, DocumentFile, Status
from egov.documents.rules import rules_for
from egov.documents.transitions import MOVES
from egov.organizations.models import Agency
from egov.organizations.roles import Role


def account(actor: Actor) -> User | None:
    """The account behind the actor, for the columns that name who did something."""
    return actor if isinstance(actor, User) else None


def person(actor: Actor) -> User:
    """The account of an actor who must be a person (an instruction, a comment)."""
    if not isinstance(actor, User):
        raise PermissionDenied(_("Only a signed-in person may do this."))
    return actor


def _record(doc: Document, action: str, actor: Actor, before: str, note: str, now: dt.datetime) -> None:
    DocumentEvent.objects.create(
        document=doc,
        action=action,
        actor=account(actor),
        actor_name=actor.get_full_name() if account(actor) else "system",
        from_status=before,
        to_status=doc.status,
        note=note,
        at=now,
    )
    audit.record(
        actor,
        f"documents.{action}",
        doc,
        before={"status": before},
        after={"status": doc.status, "number": doc.register_number, "note": note[:500]},
        agency_path=doc.agency.path,
    )
    search_index.index(doc)


def move(
    doc: Document,
    action: str,
    *,
    actor: Actor,
    note: str = "",
    change: Callable[[Document], None] | None = None,
    now: dt.datetime | None = None,
) -> Document:
    """Make the move `action` on `doc` for `actor`: refused (PermissionDenied, ValidationError) with nothing
    changed when the table does not allow it now. `change` makes the move's own edits on the locked row."""
    now = now or timezone.now()
    m = MOVES[action]
    with transaction.atomic():
        locked = Document.objects.select_for_update().select_related("agency").get(pk=doc.pk)
        if locked.direction != m.direction:
            raise ValidationError(_("This action does not apply to this document."))
        if not m.may(actor, locked):
            raise PermissionDenied(_("You may not do this with this document."))
        if locked.status not in m.sources:
            raise ValidationError(
                _("This document is %(status)s; this action is not possible now.")
                % {"status": locked.get_status_display()}
            )
        before = locked.status
        if m.target is not None:
            locked.status = m.target
        if change is not None:
            change(locked)
        locked.save()
        _record(locked, action, actor, before, note, now)
    return locked


# -- incoming ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    """What the clerk types from the document (Appendix VI, Part II, II)."""

    doc_type: str
    issuer_name: str
    number_symbol: str
    issued_on: dt.date | None
    summary: str
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = "normal"
    confidentiality: str = "normal"
    due_on: dt.date | None = None
    pages: int | None = None
    recipients_text: str = ""


def _check_type(code: str, day: dt.date) -> None:
    if code not in rules_for(day).types:
        raise ValidationError(_("Unknown document type %(code)s.") % {"code": code})


def receive(
    *,
    actor: Actor,
    agency: Agency,
    meta: Metadata,
    main: Any,
    attachments: Sequence[Any] = (),
    now: dt.datetime | None = None,
) -> Document:
    """The clerk receives a document (a scan or an electronic original, art. 21): checked files kept, the
    signatures of a PDF read, the metadata recorded; status "received" until it is registered."""
    now = now or timezone.now()
    from egov.documents import permissions

    if not permissions.is_clerk(actor, agency):
        raise PermissionDenied(_("Only the agency's clerk receives documents."))
    _check_type(meta.doc_type, timezone.localdate(now))
    checked = [files.check(main)] + [files.check(f) for f in attachments]
    kept = [(files.read(u), u.name, u.content_type) for u in checked]
    return _received(actor=actor, agency=agency, meta=meta, files_in=kept, note="", now=now)


def _received(
    *,
    actor: Actor,
    agency: Agency,
    meta: Metadata,
    files_in: Sequence[tuple[bytes, str, str]],
    note: str,
    now: dt.datetime,
) -> Document:
    with files.removed_on_error(), transaction.atomic():
        doc = Document.objects.create(
            direction=Direction.INCOMING,
            agency=agency,
            status=Status.RECEIVED,
            arrived_at=now,
            created_by=account(actor),
            created_at=now,
            number_symbol_key=numbering.lookup_key(meta.number_symbol),
            **vars(meta),
        )
        for i, (data, name, content_type) in enumerate(files_in):
            role = DocumentFile.Role.MAIN if i == 0 else DocumentFile.Role.ATTACHMENT
            files.keep(doc, data, name, content_type, actor=actor, now=now, role=role)
        _record(doc, "receive", actor, "", note, now)
    return doc


def arrive(
    *,
    actor: Actor,
    agency: Agency,
    meta: Metadata,
    files_in: Sequence[tuple[bytes, str, str]],
    note: str,
    now: dt.datetime | None = None,
) -> Document:
    """A document that arrives by itself (from the exchange or by email, egov/exchange): "received" in the
    agency's incoming list until its clerk registers it, like a copy issued inside this deployment.
    `files_in` holds (content, name, content type), the first the document itself; the signatures of a PDF
    are read; the agency's clerks are emailed."""
    now = now or timezone.now()
    _check_type(meta.doc_type, timezone.localdate(now))
    doc = _received(actor=actor, agency=agency, meta=meta, files_in=files_in, note=note, now=now)
    notices.tell(notices.people(agency, (Role.CLERK,)), doc, _("a new incoming document arrived"))
    return doc


def register(doc: Document, *, actor: Actor, now: dt.datetime | None = None) -> Document:
    """Enter the document in the incoming register with the next arrival number (art. 22)."""
    now = now or timezone.now()
    return move(doc, "register", actor=actor, now=now, change=lambda d: numbering.number_incoming(d, now))


def submit(doc: Document, *, actor: Actor, now: dt.datetime | None = None) -> Document:
    """The clerk submits the registered document to the agency's leaders (art. 23.1)."""
    result = move(doc, "submit", actor=actor, now=now)
    notices.tell(notices.people(result.agency, (Role.LEADER,)), result, _("submitted to you for instruction"))
    return result


@dataclass(frozen=True)
class Instruction:
    text: str
    lead_unit: Agency
    co_units: Sequence[Agency] = ()
    lead_person: Any = None
    due_on: dt.date | None = None


def instruct(
    doc: Document, *, actor: Actor, instruction: Instruction, now: dt.datetime | None = None
) -> Document:
    """The leader's instruction (ý kiến chỉ đạo, art. 23.2): a lead unit, co-units and a deadline. A new
    instruction replaces the open assignments of the earlier one."""
    now = now or timezone.now()
    ins = instruction
    for unit in [ins.lead_unit, *ins.co_units]:
        if not unit.path.startswith(doc.agency.path):
            raise ValidationError(_("%(unit)s is not a unit of this agency.") % {"unit": unit.name})
    if ins.due_on is not None and ins.due_on < timezone.localdate(now):
        raise ValidationError(_("The deadline is in the past."))

    def change(d: Document) -> None:
        d.assignments.filter(completed_at__isnull=True).delete()
        d.due_on = ins.due_on or d.due_on
        parts = [(ins.lead_unit, Assignment.Part.LEAD, ins.lead_person)]
        parts += [(u, Assignment.Part.CO, None) for u in ins.co_units if u.pk != ins.lead_unit.pk]
        by = person(actor)
        for unit, part, named in parts:
            Assignment.objects.create(
                document=d,
                unit=unit,
                person=named,
                part=part,
                instruction=ins.text,
                due_on=ins.due_on,
                assigned_by=by,
                assigned_at=now,
            )

    result = move(doc, "instruct", actor=actor, note=ins.text, change=change, now=now)
    told = [ins.lead_person] + [
        p for u in [ins.lead_unit, *ins.co_units] for p in notices.people(u, (Role.LEADER, Role.SPECIALIST))
    ]
    notices.tell(told, result, _("assigned to your unit"))
    return result


def forward(
    doc: Document, *, actor: Actor, person: Any, note: str = "", now: dt.datetime | None = None
) -> Document:
    """A leader of the lead unit passes the document to one of its people (Appendix IV, VII.2)."""

    def change(d: Document) -> None:
        lead = d.assignments.filter(part=Assignment.Part.LEAD).first()
        if lead is None:
            raise ValidationError(_("This document has no lead unit yet."))
        lead.person = person
        lead.save(update_fields=["person"])

    result = move(doc, "forward", actor=actor, note=note, change=change, now=now)
    notices.tell([person], result, _("forwarded to you"))
    return result


def start(doc: Document, *, actor: Actor, now: dt.datetime | None = None) -> Document:
    """A handler starts on the document (status "being handled", which the sender sees)."""
    return move(doc, "start", actor=actor, now=now)


def complete(doc: Document, *, actor: Actor, result: str, now: dt.datetime | None = None) -> Document:
    """The lead unit reports the document handled (art. 24.2): every assignment closed."""
    now = now or timezone.now()
    if not result.strip():
        raise ValidationError(_("Write what was done."))

    def change(d: Document) -> None:
        d.assignments.filter(completed_at__isnull=True).update(completed_at=now)
        d.assignments.filter(part=Assignment.Part.LEAD).update(result=result)

    done = move(doc, "complete", actor=actor, note=result, change=change, now=now)
    leaders = [a.assigned_by for a in done.assignments.select_related("assigned_by")]
    notices.tell(leaders, done, _("completed"))
    return done
