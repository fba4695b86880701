"""Every move a task makes: from which statuses, to which, and who may make it.

`services.move` is the only writer of `Task.status`; it looks the action up here, locks the row, checks the
status and the actor, and writes the history row, the audit row and the emails in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from egov.tasks import permissions
from egov.tasks.models import Status


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str | None  # None: the status stays
    may: Callable[[Any, Any], bool]


WORKING = (Status.ASSIGNED, Status.IN_PROGRESS)

MOVES: dict[str, Move] = {
    "report": Move(WORKING, Status.IN_PROGRESS, permissions.is_assignee),
    "request_extension": Move(WORKING, Status.EXTENSION_ASKED, permissions.is_lead),
    "grant_extension": Move((Status.EXTENSION_ASKED,), Status.IN_PROGRESS, permissions.is_assigner),
    "refuse_extension": Move((Status.EXTENSION_ASKED,), Status.IN_PROGRESS, permissions.is_assigner),
    "complete": Move(WORKING, Status.REPORTED_DONE, permissions.is_lead),
    "confirm": Move((Status.REPORTED_DONE,), Status.DONE, permissions.is_assigner),
    "send_back": Move((Status.REPORTED_DONE,), Status.IN_PROGRESS, permissions.is_assigner),
}


def allowed(task: Any, user: Any) -> list[str]:
    """The moves `user` may make on `task` now, in the table's order."""
    return [name for name, m in MOVES.items() if task.status in m.sources and m.may(user, task)]
