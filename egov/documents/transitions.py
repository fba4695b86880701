"""Every move a document makes: from which statuses, to which, and who may make it.

`services.move` is the only writer of `Document.status`; it looks the action up here, locks the row,
checks the status and the actor, and writes the history row, the audit row and the notices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from egov.documents import permissions
from egov.documents.models import Direction, Status


@dataclass(frozen=True)
class Move:
    direction: str
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    may: Callable[[Any, Any], bool]


def _clerk(user: Any, doc: Any) -> bool:
    return permissions.is_clerk(user, doc.agency)


def _leader(user: Any, doc: Any) -> bool:
    return permissions.is_leader(user, doc.agency)


IN, OUT = Direction.INCOMING, Direction.OUTGOING
_OPEN_INCOMING = (Status.RECEIVED, Status.REGISTERED, Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS)

MOVES: dict[str, Move] = {
    # incoming (Decree 30/2020 art. 20-24)
    "register": Move(IN, (Status.RECEIVED,), Status.REGISTERED, _clerk),
    "submit": Move(IN, (Status.REGISTERED,), Status.SUBMITTED, _clerk),
    "instruct": Move(IN, (Status.REGISTERED, Status.SUBMITTED, Status.ASSIGNED), Status.ASSIGNED, _leader),
    "forward": Move(IN, (Status.ASSIGNED, Status.IN_PROGRESS), None, permissions.may_forward),
    "start": Move(IN, (Status.ASSIGNED,), Status.IN_PROGRESS, permissions.may_handle),
    "complete": Move(IN, (Status.ASSIGNED, Status.IN_PROGRESS), Status.DONE, permissions.may_lead_assignment),
    # the issuer in another system asks for a document back (egov/exchange, which offers these two moves
    # only while its request is open; they have no button here)
    "accept_recall": Move(IN, _OPEN_INCOMING, Status.RECALLED, _clerk),
    "refuse_recall": Move(IN, _OPEN_INCOMING, None, _clerk),
    # outgoing (art. 14-19)
    "new_version": Move(OUT, (Status.DRAFT,), None, permissions.may_edit_draft),
    "comment": Move(OUT, (Status.DRAFT, Status.IN_REVIEW), None, permissions.may_comment),
    "send_for_review": Move(OUT, (Status.DRAFT,), Status.IN_REVIEW, permissions.may_edit_draft),
    "send_back": Move(OUT, (Status.IN_REVIEW, Status.APPROVED), Status.DRAFT, permissions.may_review),
    "approve": Move(OUT, (Status.IN_REVIEW,), Status.APPROVED, permissions.may_review),
    "sign": Move(OUT, (Status.APPROVED,), Status.SIGNED, _leader),
    "issue": Move(OUT, (Status.SIGNED,), Status.ISSUED, _clerk),
    "recall": Move(OUT, (Status.ISSUED,), Status.RECALLED, _leader),
}


def allowed(doc: Any, user: Any) -> list[str]:
    """The moves `user` may make on `doc` now, in the table's order."""
    return [
        name
        for name, m in MOVES.items()
        if m.direction == doc.direction and doc.status in m.sources and m.may(user, doc)
    ]
