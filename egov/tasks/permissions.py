"""Who reads and who acts on tasks: the one place the tasks app decides access.

Built on `egov.organizations.permissions` (a grant on a node reaches its subtree). A leader assigns tasks in
the agency they lead (and the agencies below it) to its units and people; the assigner, or any leader of the
task's agency, answers an extension request and confirms or returns a completion. The assignees are the
people named on the task, the specialists whose grant covers a unit of the task, and the leaders granted on
that unit or inside it (its head): a leader of the whole agency is not an assignee of a task given to one of
its units. The lead unit's assignees report completion and ask for more time; co-operating units report
progress. Leaders and auditors read every task of their subtree. This module imports no model of its app.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from egov.citizens.access import is_signed_in_staff
from egov.organizations.permissions import agency_scope_q, grants_of, has_role
from egov.organizations.roles import Role

#: Everyone who sees the tasks menu.
READERS: tuple[str, ...] = (Role.LEADER, Role.SPECIALIST, Role.AUDITOR)
WHOLE_AGENCY_READERS: tuple[str, ...] = (Role.LEADER, Role.AUDITOR)
HANDLERS: tuple[str, ...] = (Role.SPECIALIST, Role.LEADER)


def readable_q(user: Any) -> Q:
    """The tasks the user reads, as a filter on `Task`."""
    if not is_signed_in_staff(user):
        return Q(pk__in=[])
    if getattr(user, "is_superuser", False):
        return Q()
    return (
        agency_scope_q(user, "agency__path", WHOLE_AGENCY_READERS)
        | agency_scope_q(user, "lead_unit__path", HANDLERS)
        | agency_scope_q(user, "co_units__path", HANDLERS)
        | Q(people=user)
        | Q(assigned_by=user)
    )


def may_read_any(user: Any) -> bool:
    return is_signed_in_staff(user) and (
        getattr(user, "is_superuser", False) or bool(has_role(user, READERS))
    )


def may_assign(user: Any, agency: Any) -> bool:
    """A leader of the agency (or of an agency above it)."""
    return is_signed_in_staff(user) and has_role(user, Role.LEADER, agency)


def is_assigner(user: Any, task: Any) -> bool:
    """The leader who assigned the task, or a leader of the task's agency."""
    if not is_signed_in_staff(user):
        return False
    return task.assigned_by_id == getattr(user, "pk", None) or has_role(user, Role.LEADER, task.agency)


def _works_in(user: Any, unit: Any) -> bool:
    """A specialist whose grant covers the unit, or a leader granted on the unit or inside it."""
    for g in grants_of(user):
        if g.role == Role.SPECIALIST and unit.path.startswith(g.path):
            return True
        if g.role == Role.LEADER and g.path.startswith(unit.path):
            return True
    return False


def is_lead(user: Any, task: Any) -> bool:
    """A person named on the task, or someone working in the lead unit."""
    if not is_signed_in_staff(user):
        return False
    if getattr(user, "is_superuser", False):
        return True
    named = any(p.pk == user.pk for p in task.people.all())
    return named or _works_in(user, task.lead_unit)


def is_assignee(user: Any, task: Any) -> bool:
    """The lead's assignees and those working in a co-operating unit."""
    return is_lead(user, task) or (
        is_signed_in_staff(user) and any(_works_in(user, u) for u in task.co_units.all())
    )
