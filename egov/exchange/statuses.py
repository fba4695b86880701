"""Status messages back to the sender of a document that came by the exchange.

As the receiving agency moves the document (registered, assigned by the leader's instruction, being handled,
completed: the "moves" of rules/edxml-status.json), `sync` turns each new history row into one signed status
package in the outbox. It reads the history (`DocumentEvent`) from the last row it reported, so a status is
sent once, in order, even if the worker was stopped between two runs; the arrival itself is acknowledged in
the transaction that registers the package (`queue`, from receiving.py).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from egov.channels import outbox
from egov.core import audit
from egov.core.audit import Actor
from egov.documents.models import Document, DocumentEvent, Status
from egov.exchange import edxml, signature
from egov.exchange.models import Message
from egov.exchange.rules import rules_for
from egov.organizations import certificates
from egov.organizations.models import Agency

#: What each status says in words, in the status package's Description (Vietnamese, as the peer reads it).
WORDS = {
    "arrived": pgettext_lazy("exchange status", "Arrived"),
    "rejected": pgettext_lazy("exchange status", "Rejected"),
    "received": pgettext_lazy("exchange status", "Received and registered"),
    "assigned": pgettext_lazy("exchange status", "Assigned by the leader's instruction"),
    "in_progress": pgettext_lazy("exchange status", "Being handled"),
    "completed": pgettext_lazy("exchange status", "Completed"),
    "recall_requested": pgettext_lazy("exchange status", "Recall requested"),
    "recall_accepted": pgettext_lazy("exchange status", "Recall accepted"),
    "recall_refused": pgettext_lazy("exchange status", "Recall refused"),
}


def words(name: str) -> str:
    with translation.override("vi"):
        return str(WORDS[name]) if name in WORDS else name


def queue(
    about: Message,
    name: str,
    *,
    actor: Actor,
    agency: Agency,
    staff: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """One status package `name` about the document package `about`, from `agency` to the other side,
    signed with the agency's certificate and queued in the outbox. Without a usable certificate the message
    is kept as failed, with the reason, on the exchange screen."""
    now = now or timezone.now()
    rules = rules_for(timezone.localdate(now))
    other = about.organ_from if about.direction == Message.Direction.IN else about.organ_to
    status = edxml.Status(
        message_id=str(uuid.uuid4()),
        sender=edxml.Party(agency.code, agency.name),
        to=edxml.Party(other),
        document_id=about.document_ref,
        code=rules.code(name),
        description=(words(name) + (f": {note}" if note else ""))[:500],
        timestamp=timezone.localtime(now),
        staff=staff,
        department=agency.name,
    )
    message = Message(
        direction=Message.Direction.OUT,
        kind=Message.Kind.STATUS,
        message_id=status.message_id,
        organ_from=agency.code,
        organ_to=other,
        peer=about.peer,
        document=about.document,
        answers=about,
        document_ref=about.document_ref,
        status_code=status.code,
        description=status.description,
        state=Message.State.QUEUED,
        created_at=now,
    )
    found = certificates.signing_key_for(agency, now)
    with transaction.atomic():
        if found is None or about.peer is None:
            message.state = Message.State.FAILED
            with translation.override("vi"):
                message.error = str(_("The agency has no usable certificate to sign with."))
            message.save()
            return message
        message.body = signature.sign(edxml.build_status(status, now), found[1]).decode("utf-8")
        message.save()
        outbox.enqueue("exchange", {"message": str(message.pk)}, subject=message, now=now)
        audit.record(
            actor,
            "exchange.status",
            message,
            after={"code": status.code, "to": other, "document_id": status.document_id},
            agency_path=agency.path,
        )
    return message


def sync(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Queue a status for every reported move made since the last run on documents that came by the
    exchange, and a recall request for every recalled document sent by it; how many were queued."""
    now = now or timezone.now()
    rules = rules_for(timezone.localdate(now))
    queued = 0
    # Only the documents moved since their last report: one query, however many ever came by the exchange.
    moved = DocumentEvent.objects.filter(document=OuterRef("document"), pk__gt=OuterRef("reported_event_id"))
    arrived = (
        Message.objects.filter(direction=Message.Direction.IN, kind=Message.Kind.EDOC, document__isnull=False)
        .filter(Exists(moved))
        .select_related("document__agency", "peer")
    )
    for about in arrived:
        events = DocumentEvent.objects.filter(document=about.document, pk__gt=about.reported_event_id)
        for event in events.order_by("id"):
            name = rules.for_move(event.action)
            with transaction.atomic():
                # The conditional UPDATE claims the row: two workers never report one move twice.
                won = Message.objects.filter(pk=about.pk, reported_event_id=about.reported_event_id).update(
                    reported_event_id=event.pk
                )
                if not won:
                    break
                about.reported_event_id = event.pk
                if name:
                    doc: Document = about.document  # type: ignore[assignment]
                    queue(
                        about,
                        name,
                        actor=actor,
                        agency=doc.agency,
                        staff=event.actor_name,
                        note=event.note,
                        now=now,
                    )
                    queued += 1
    queued += _recalls(actor=actor, now=now)
    return queued


def _recalls(*, actor: Actor, now: dt.datetime) -> int:
    """A document recalled by its issuer (art. 18.4): each peer it was sent to is asked to give it back."""
    sent = Message.objects.filter(
        direction=Message.Direction.OUT,
        kind=Message.Kind.EDOC,
        document__status=Status.RECALLED,
        state=Message.State.SENT,
    ).select_related("document__agency", "peer")
    asked = set(
        Message.objects.filter(
            kind=Message.Kind.STATUS,
            direction=Message.Direction.OUT,
            status_code=rules_for(now.date()).code("recall_requested"),
        ).values_list("answers_id", flat=True)
    )
    count = 0
    for about in sent:
        if about.pk in asked:
            continue
        doc: Document = about.document  # type: ignore[assignment]
        reason = doc.events.filter(action="recall").values_list("note", flat=True).last() or ""
        queue(about, "recall_requested", actor=actor, agency=doc.agency, note=reason, now=now)
        count += 1
    return count
