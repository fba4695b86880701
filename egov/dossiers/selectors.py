"""Reads about dossiers: the officers' work queues, the dossier page, the public look-up.

Each queue is one indexed filter on the step pointer (current_agency, status,
due_at): the agencies come from the viewer's role grants (egov.dossiers.permissions),
so a queue never shows a dossier the viewer may not act on or see. "Overdue" and
"due soon" are the clock's own filters (egov.dossiers.deadlines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.dossiers import codes, deadlines, permissions
from egov.dossiers.models import CLOSED, PAUSED, RUNNING, Dossier, DossierEvent, Status, StepVisit
from egov.dossiers.transitions import label_of
from egov.organizations.roles import Role
from egov.procedures.models import StepKind


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
    return [q for q in QUEUES if permissions.holds_any(user, q.roles)]


def queue(user: Any, key: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers of one work queue, for this user."""
    now = now or timezone.now()
    base = Dossier.objects.all()
    roles = QUEUE_BY_KEY[key].roles
    if key == "to_receive":
        return base.filter(status=Status.SUBMITTED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key == "to_process":
        return base.filter(permissions.actionable_q(user, WORK_KINDS), status__in=RUNNING)
    if key == "to_approve":
        return base.filter(permissions.actionable_q(user, (StepKind.APPROVE,)), status=Status.PROCESSING)
    if key == "due_soon":
        mine = permissions.actionable_q(user, (*WORK_KINDS, StepKind.APPROVE))
        return base.filter(mine, deadlines.due_soon_q(now))
    if key == "overdue":
        return base.filter(
            deadlines.overdue_q(now), current_agency_id__in=permissions.agency_ids(user, roles)
        )
    if key == "supplement":
        return base.filter(status__in=PAUSED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key == "to_return":
        return base.filter(status=Status.RESOLVED, current_agency_id__in=permissions.agency_ids(user, roles))
    if key == "returned_today":
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return base.filter(
            status=Status.RETURNED,
            current_agency_id__in=permissions.agency_ids(user, roles),
            status_changed_at__gte=start,
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
        # A submission's reference finds it after acceptance too (egov.dossiers.codes).
        column = "submission_ref" if prefix.startswith(codes.REFERENCE_PREFIX + "-") else "code"
        qs = qs.filter(**{f"{column}__gte": prefix, f"{column}__lt": prefix + "\U0010ffff"})
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


def timeline(dossier: Dossier) -> list[DossierEvent]:
    """The history rows, oldest first, each with the label of its move."""
    rows = list(
        dossier.events.select_related("actor", "from_step", "to_step", "from_agency", "to_agency", "handler")
    )
    for row in rows:
        row.label = label_of(row.action)  # type: ignore[attr-defined]
    return rows


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
