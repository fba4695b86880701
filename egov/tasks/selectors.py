"""Reads of the tasks app, scoped by the viewer (`permissions.readable_q`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from egov.organizations.permissions import grants_of
from egov.organizations.roles import Role
from egov.tasks.models import OPEN, Task


def _listed(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("lead_unit", "agency", "assigned_by").order_by("due_on", "id")


def my_tasks(user: Any, open_only: bool = True) -> QuerySet[Task]:
    """Tasks the user is to do: named on them, or working in a unit they are given to (a specialist whose
    grant covers the unit, a leader granted on the unit or inside it: its head)."""
    q = Q(people=user)
    for g in grants_of(user):
        if g.role == Role.SPECIALIST:
            q |= Q(lead_unit__path__startswith=g.path) | Q(co_units__path__startswith=g.path)
        elif g.role == Role.LEADER:
            # A leader works on tasks given to the unit they head, not on everything below it.
            q |= Q(lead_unit__path=g.path) | Q(co_units__path=g.path)
    qs = Task.objects.visible_to(user).filter(q)
    if open_only:
        qs = qs.filter(status__in=OPEN)
    return _listed(qs.distinct())


def assigned_by(user: Any, open_only: bool = True) -> QuerySet[Task]:
    """Tasks the user assigned."""
    qs = Task.objects.visible_to(user).filter(assigned_by=user)
    if open_only:
        qs = qs.filter(status__in=OPEN)
    return _listed(qs)


def overdue(user: Any, today: dt.date, unit: int | None = None) -> QuerySet[Task]:
    """Open tasks past their deadline that the user reads, optionally of one lead unit."""
    qs = Task.objects.visible_to(user).filter(status__in=OPEN, due_on__lt=today)
    if unit is not None:
        qs = qs.filter(lead_unit_id=unit)
    return _listed(qs)


def overdue_by_unit(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """Per lead unit: how many open tasks are past their deadline, the most first."""
    ids = Task.objects.visible_to(user).filter(status__in=OPEN, due_on__lt=today).values("pk")
    return list(
        Task.objects.filter(pk__in=ids)
        .values("lead_unit_id", "lead_unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_unit__name")
    )


def task_for(user: Any, pk: int) -> Task | None:
    return (
        Task.objects.visible_to(user)
        .select_related("agency", "lead_unit", "assigned_by", "document")
        .filter(pk=pk)
        .first()
    )
