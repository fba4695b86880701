"""Who is told about a task's move, by email through the outbox, in the move's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from egov.channels import outbox
from egov.documents.notices import people
from egov.organizations.roles import Role
from egov.tasks.models import Task


def assignees(task: Task, co_units: bool = True) -> list[Any]:
    """The people named on the task and the leaders and specialists of its units (the lead unit only
    when `co_units` is false)."""
    units = [task.lead_unit, *(task.co_units.all() if co_units else [])]
    return [*task.people.all(), *[p for u in units for p in people(u, (Role.LEADER, Role.SPECIALIST))]]


def tell(users: Iterable[Any], task: Task, what: str) -> int:
    """Queue one email per user with an address; returns how many were queued. In Vietnamese, the
    province's working language."""
    with translation.override("vi"):
        subject = _("Task: %(title)s — %(what)s") % {"title": task.title[:80], "what": what}
        body = _("%(what)s\n\nTask: %(title)s\nDeadline: %(due)s\n") % {
            "what": what,
            "title": task.title,
            "due": f"{task.due_on:%d/%m/%Y}",
        }
    sent, seen = 0, set()
    for user in users:
        if user is None or user.pk in seen or not getattr(user, "email", ""):
            continue
        seen.add(user.pk)
        outbox.enqueue("email", {"to": user.email, "subject": subject, "body": body}, subject=task)
        sent += 1
    return sent
