"""A recall across systems (Decree 30/2020 art. 18.4): the issuer's recall reaches the receiver as a
status "recall requested" (statuses.sync); the receiver's clerk accepts it (the document becomes
"recalled") or refuses it, each a move of the documents app, which `statuses.sync` reports back as
"recall accepted" or "recall refused"."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit import Actor
from egov.documents import services
from egov.documents.models import Document
from egov.exchange.models import Message
from egov.exchange.rules import rules_for


def pending(doc: Document) -> Message | None:
    """The sender's open request to have `doc` back: a "recall requested" received after the last answer."""
    rules = rules_for(timezone.localdate())
    asked = (
        Message.objects.filter(
            direction=Message.Direction.IN,
            kind=Message.Kind.STATUS,
            answers__document=doc,
            answers__direction=Message.Direction.IN,
            status_code=rules.code("recall_requested"),
        )
        .order_by("-id")
        .first()
    )
    if asked is None:
        return None
    answered = doc.events.filter(action__in=("accept_recall", "refuse_recall"), at__gte=asked.created_at)
    return None if answered.exists() else asked


def answer(
    doc: Document, *, actor: Actor, accept: bool, note: str = "", now: dt.datetime | None = None
) -> Document:
    """The clerk gives the document back (accept) or keeps it (refuse, with the reason)."""
    if pending(doc) is None:
        raise ValidationError(_("No recall of this document is waiting for an answer."))
    if not accept and not note.strip():
        raise ValidationError(_("Give the reason for refusing the recall."))
    action = "accept_recall" if accept else "refuse_recall"
    return services.move(doc, action, actor=actor, note=note.strip(), now=now)
