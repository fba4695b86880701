"""Reads about dossiers: who may see which, the officers' work queues, the public look-up.

Each queue is one indexed filter on the step pointer (current_agency, status,
due_at): the agencies come from the viewer's role grants, so a queue never
shows a dossier the viewer may not act on or see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.dossiers import deadlines
from egov.dossiers.models import CLOSED, PAUSED, RUNNING, Dossier, Status, StepVisit
from egov.organizations.models import Agency, Role
from egov.organizations.permissions import agency_scope_q, grants_of
from egov.procedures.models import StepKind


def visibility_q(user: Any) -> Q:
    """Dossiers received in, sitting in, or once handled in the viewer's subtrees."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not grants_of(user):
        return Q(pk__in=[])
    visited = StepVisit.objects.filter(agency_scope_q(user, "agency__path"), dossier=OuterRef("pk"))
    return (
        agency_scope_q(user, "receiving_agency__path")
        | agency_scope_q(user, "current_agency__path")
        | Q(Exists(visited))
    )


def _subtree_ids(user: Any, roles: tuple[str, ...] | None = None) -> dict[str, list[int]]:
    """For each role the user holds (or the given ones): the ids of the agencies in its subtrees."""
    cache = getattr(user, "_egov_subtrees", None)
    if cache is None:
        cache = {}
        for grant in grants_of(user):
            ids = list(Agency.objects.filter(path__startswith=grant.path).values_list("id", flat=True))
            cache.setdefault(grant.role, []).extend(ids)
        user._egov_subtrees = cache
    return {role: ids for role, ids in cache.items() if roles is None or role in roles}


def _all_ids(user: Any) -> list[int]:
    return sorted({i for ids in _subtree_ids(user).values() for i in ids})


def _actionable_q(user: Any, kinds: tuple[str, ...]) -> Q:
    """Dossiers at a step of one of `kinds` whose role the user holds there, free or given to the user."""
    condition = Q(pk__in=[])
    for role, ids in _subtree_ids(user).items():
        condition |= Q(current_role=role, current_agency_id__in=ids)
    return condition & Q(current_kind__in=kinds) & (Q(handler__isnull=True) | Q(handler_id=user.pk))


@dataclass(frozen=True)
class Queue:
    key: str
    label: str | Promise
    roles: tuple[str, ...]


QUEUES: tuple[Queue, ...] = (
    Queue("to_receive", _("To receive"), (Role.DESK_OFFICER,)),
    Queue("to_process", _("To process"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.CLERK)),
    Queue("to_approve", _("To approve"), (Role.LEADER,)),
    Queue("due_soon", _("Due within one working day"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)),
    Queue("overdue", _("Overdue"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AUDITOR)),
    Queue("supplement", _("Waiting for the applicant"), (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)),
    Queue("to_return", _("Results to return"), (Role.DESK_OFFICER,)),
    Queue("returned_today", _("Returned today"), (Role.DESK_OFFICER, Role.LEADER)),
)
QUEUE_BY_KEY = {q.key: q for q in QUEUES}
WORK_KINDS = (StepKind.RECEIVE, StepKind.PROCESS, StepKind.INTER_AGENCY)


def queues_for(user: Any) -> list[Queue]:
    held = set(_subtree_ids(user))
    if getattr(user, "is_superuser", False):
        return list(QUEUES)
    return [q for q in QUEUES if held.intersection(q.roles)]


def queue(user: Any, key: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one work queue, for this user."""
    now = now or timezone.now()
    base = Dossier.objects.all()
    if key == "to_receive":
        ids = _subtree_ids(user, (Role.DESK_OFFICER,)).get(Role.DESK_OFFICER, [])
        return base.filter(status=Status.SUBMITTED, current_agency_id__in=ids)
    if key == "to_process":
        return base.filter(_actionable_q(user, WORK_KINDS), status__in=RUNNING)
    if key == "to_approve":
        return base.filter(_actionable_q(user, (StepKind.APPROVE,)), status=Status.PROCESSING)
    if key == "due_soon":
        soon = deadlines.add_working_hours(now, Decimal(8))
        mine = _actionable_q(user, (*WORK_KINDS, StepKind.APPROVE))
        return base.filter(mine, status__in=RUNNING, due_at__gte=now, due_at__lte=soon)
    if key == "overdue":
        return base.filter(status__in=RUNNING, current_agency_id__in=_all_ids(user), due_at__lt=now)
    if key == "supplement":
        return base.filter(status__in=PAUSED, current_agency_id__in=_all_ids(user))
    if key == "to_return":
        ids = _subtree_ids(user, (Role.DESK_OFFICER,)).get(Role.DESK_OFFICER, [])
        return base.filter(status=Status.RESOLVED, current_agency_id__in=ids)
    if key == "returned_today":
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return base.filter(
            status=Status.RETURNED, current_agency_id__in=_all_ids(user), status_changed_at__gte=start
        )
    raise KeyError(key)


def queue_counts(user: Any) -> list[tuple[Queue, int]]:
    return [(q, queue(user, q.key).count()) for q in queues_for(user)]


SORTS = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "code": ("code",),
    "-changed": ("-status_changed_at", "-id"),
}


def filter_dossiers(
    qs: QuerySet[Dossier],
    *,
    procedure: int | None = None,
    field: int | None = None,
    applicant: str = "",
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    code: str = "",
    sort: str = "due",
) -> QuerySet[Dossier]:
    if procedure:
        qs = qs.filter(procedure_id=procedure)
    if field:
        qs = qs.filter(procedure__field_id=field)
    if applicant.strip():
        text = applicant.strip()
        if text.replace(" ", "").isdigit():
            qs = qs.filter(applicant_id_number=text.replace(" ", ""))
        else:
            qs = qs.filter(applicant_folded__contains=fold(text))
    tz = timezone.get_current_timezone()
    if received_from:
        qs = qs.filter(received_at__gte=dt.datetime.combine(received_from, dt.time.min, tz))
    if received_to:
        qs = qs.filter(
            received_at__lt=dt.datetime.combine(received_to + dt.timedelta(days=1), dt.time.min, tz)
        )
    if code.strip():
        # A range on the unique index instead of LIKE, which SQLite cannot serve from an index.
        prefix = code.strip().upper()
        qs = qs.filter(code__gte=prefix, code__lt=prefix + "\U0010ffff")
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def for_list(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """What every list row shows, fetched with the page in one query."""
    return qs.select_related("procedure", "current_agency", "handler", "current_step").only(
        "code",
        "status",
        "outcome",
        "applicant_name",
        "received_at",
        "due_at",
        "finished_at",
        "timeliness",
        "channel",
        "status_changed_at",
        "procedure__name",
        "procedure__code",
        "current_agency__name",
        "current_agency__short_name",
        "handler__full_name",
        "handler__username",
        "current_step__name",
        "current_step__kind",
    )


def dossier_for(user: Any, pk: int) -> Dossier:
    return (
        Dossier.objects.visible_to(user)
        .select_related(
            "procedure",
            "procedure__field",
            "workflow",
            "receiving_agency",
            "current_agency",
            "current_step",
            "handler",
        )
        .get(pk=pk)
    )


def timeline(dossier: Dossier) -> QuerySet[Any]:
    return dossier.events.select_related(
        "actor", "from_step", "to_step", "from_agency", "to_agency", "handler"
    )


def visits(dossier: Dossier) -> list[StepVisit]:
    now = timezone.now()
    rows = list(dossier.visits.select_related("step", "agency", "handler"))
    for visit in rows:
        if visit.finished_at is None:
            visit.spent_hours = deadlines.visit_spent(visit, now)
            visit.timeliness = "late" if visit.due_at and visit.due_at < now else ""
    return rows


def is_closed(dossier: Dossier) -> bool:
    return dossier.status in CLOSED
