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
from egov.dossiers import deadlines, permissions
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


# ---------------------------------------------------------------- the public look-up


@dataclass(frozen=True)
class PublicStatus:
    """What anyone who has the code may know: no applicant details beyond a masked name."""

    code: str
    procedure: str
    agency: str
    status: str
    status_label: str
    national_status: int
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    applicant: str
    overdue: bool
    steps: list[tuple[str, dt.datetime]]


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "N*** V** An": enough for the applicant to recognise, not enough to identify."""
    parts = name.split()
    if len(parts) <= 1:
        return parts[0][:1] + "***" if parts else ""
    return " ".join([p[:1] + "*" * max(len(p) - 1, 1) for p in parts[:-1]] + [parts[-1]])


def public_status(code: str) -> PublicStatus | None:
    """The one selector every channel (web page, QR, SMS, phone, API) answers a look-up by code with."""
    code = code.strip().upper()
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency")
        .only(
            "code",
            "status",
            "received_at",
            "due_at",
            "finished_at",
            "returned_at",
            "applicant_name",
            "procedure__name",
            "receiving_agency__name",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        return None
    steps = [
        (str(_label(a)), at)
        for a, at in dossier.events.order_by("at", "id").values_list("action", "at")
        if a not in ("assign",)
    ]
    return PublicStatus(
        code=dossier.code,
        procedure=dossier.procedure.name,
        agency=dossier.receiving_agency.name,
        status=dossier.status,
        status_label=str(dossier.get_status_display()),
        national_status=dossier.national_status,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        applicant=mask_name(dossier.applicant_name),
        overdue=dossier.status in RUNNING and dossier.due_at is not None and dossier.due_at < timezone.now(),
        steps=steps,
    )


def _label(action: str) -> Any:
    from egov.dossiers.transitions import label_of

    return label_of(action)


def is_closed(dossier: Dossier) -> bool:
    return dossier.status in CLOSED
