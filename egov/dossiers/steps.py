"""The step pointer of a dossier, its stays at each step (StepVisit) and its history rows (DossierEvent).

The pointer is the set of columns that say where the dossier is now; `POINTER` names them once, and the
transition's UPDATE, its audit snapshot and its history row all read them from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from egov.core import statements
from egov.core.audit import Actor
from egov.dossiers import deadlines
from egov.dossiers.models import Dossier, DossierEvent, StepVisit
from egov.organizations.models import Agency
from egov.procedures import places
from egov.procedures.models import StepKind, WorkflowStep

#: Where the dossier is: the step, its kind and role (denormalised for the queues), the agency, the handler
#: and the step's own clock.
POINTER = (
    "current_step",
    "current_kind",
    "current_role",
    "current_agency",
    "handler",
    "step_started_at",
    "step_due_at",
)
#: What the audit log keeps of every change.
AUDIT_FIELDS = (
    "code",
    "status",
    "outcome",
    *POINTER,
    "due_at",
    "finished_at",
    "returned_at",
    "timeliness",
    "version",
)


#: The attribute of each pointer column (a foreign key's id).
_POINTER_ATTNAMES = tuple((name, Dossier._meta.get_field(name).attname) for name in POINTER)  # type: ignore[union-attr]


def pointer(d: Dossier) -> dict[str, Any]:
    """The pointer's values now, to compare and to write into the history row: the step, the agency and the
    handler by id (the history row takes ids; the locked row is read without its step, and the user is not
    read at all)."""
    return {name: getattr(d, attname) for name, attname in _POINTER_ATTNAMES}


def step_agency(d: Dossier, step: WorkflowStep) -> Agency:
    """Where a step happens for this dossier: the receiving agency for steps that name none, the named
    agency, or its unit serving the receiving commune (`places.step_place`, Decree 118/2025 art. 20.2)."""
    return places.step_place(step, d.receiving_agency)


def steps_of(d: Dossier) -> list[WorkflowStep]:
    cached = getattr(d, "_steps", None)
    if cached is None:
        # By the workflow's id: the locked row is read without the workflow's row, which nothing else uses.
        cached = statements.select_objects(_steps_of, d.workflow_id)
        d._steps = cached  # type: ignore[attr-defined]
    return cached


def _steps_of(workflow_id: int) -> QuerySet[WorkflowStep]:
    return WorkflowStep.objects.filter(template_id=workflow_id).select_related("agency").order_by("position")


def neighbour(d: Dossier, offset: int) -> WorkflowStep | None:
    """The step `offset` places after (or before) the current one, if the workflow has it."""
    steps = steps_of(d)
    index = next((i for i, s in enumerate(steps) if s.pk == d.current_step_id), None)
    if index is None or not 0 <= index + offset < len(steps):
        return None
    return steps[index + offset]


def return_step(d: Dossier) -> WorkflowStep | None:
    return next((s for s in steps_of(d) if s.kind == StepKind.RETURN), None)


def point_to(d: Dossier, step: WorkflowStep, handler: Any, now: dt.datetime) -> None:
    """Set every pointer field for arriving at `step` now (the step's clock starts; none at the return)."""
    d.current_step = step
    d.current_kind = step.kind
    d.current_role = step.role
    d.current_agency = step_agency(d, step)
    d.handler = handler
    d.step_started_at = now
    d.step_due_at = deadlines.due_for(now, step.allotted_hours) if step.kind != StepKind.RETURN else None


def open_visit(d: Dossier, now: dt.datetime) -> StepVisit:
    assert d.current_step is not None and d.current_agency is not None
    visit = StepVisit(
        dossier=d,
        step=d.current_step,
        agency=d.current_agency,
        handler=d.handler,
        started_at=now,
        due_at=d.step_due_at,
    )
    # The INSERT built once per process (egov.core.statements): every move that changes step makes one.
    statements.insert(visit)
    return visit


def close_visit(d: Dossier, now: dt.datetime, by: Actor | None = None) -> None:
    """Finish the open step visit. `by`: the official whose action at the step finished it (the step's
    holder: forward, approve, return, refuse at the counter), recorded as the stay's handler when nobody
    had taken it — a leader who signs without taking the dossier first still did the step, and every step
    records its handler (the bottleneck page's officers, the dossier's timeline)."""
    # The read and the UPDATE built once per process (egov.core.statements), as `first()` and
    # `save(update_fields=…)` would run them.
    visit = statements.select_one(_unfinished_visit, d.pk)
    if visit is None:
        return
    visit.finished_at = now
    visit.spent_hours = deadlines.visit_spent(visit, now)
    visit.timeliness = deadlines.classify(now, visit.due_at)
    fields = ["finished_at", "spent_hours", "timeliness"]
    user = user_of(by)
    if visit.handler_id is None and user is not None:
        visit.handler = user
        fields.append("handler")
    statements.update(visit, fields)
    # The only change a move makes to a finished visit: the statistics read the visits again after it.
    d._closed_visits = closed_visits(d) + 1  # type: ignore[attr-defined]


def unfinished_visits(dossier_id: int) -> QuerySet[StepVisit]:
    """The dossier's stay at its current step (one at most), for the statements built once."""
    return StepVisit.objects.filter(dossier_id=dossier_id, finished_at__isnull=True)


def _unfinished_visit(dossier_id: int) -> QuerySet[StepVisit]:
    return unfinished_visits(dossier_id).order_by("started_at", "id")[:1]  # `first()`


def closed_visits(d: Dossier) -> int:
    """How many step visits `close_visit` has finished on this instance of the dossier."""
    return int(getattr(d, "_closed_visits", 0))


def move_to(d: Dossier, step: WorkflowStep, handler: Any, now: dt.datetime, by: Actor | None = None) -> None:
    """Leave the current step (`by`: who did it, `close_visit`) and arrive at `step`."""
    close_visit(d, now, by)
    point_to(d, step, handler, now)
    open_visit(d, now)


def user_of(actor: Actor | None) -> Any:
    """The saved, signed-in user behind an actor, or None (set-up code, an anonymous applicant)."""
    if actor is None or getattr(actor, "pk", None) is None or not actor.is_authenticated:
        return None
    return actor


def existing_event(idempotency_key: str | None) -> DossierEvent | None:
    """The history row an earlier request with this one-time key wrote, if any."""
    if not idempotency_key:
        return None
    # Nearly always there is none: ask with the narrowest query first (the wide dossier row joined in
    # cost a filing about a millisecond of query building), built once per process, and read the row only
    # when found.
    found = statements.select(_event_with_key, idempotency_key)
    if not found:
        return None
    return DossierEvent.objects.select_related("dossier").get(pk=found[0])


def _event_with_key(key: str) -> QuerySet[DossierEvent, int]:
    return DossierEvent.objects.filter(idempotency_key=key).values_list("pk", flat=True)[:1]


def write_event(
    d: Dossier,
    *,
    action: str,
    actor: Actor | None,
    now: dt.datetime,
    from_status: str,
    before: dict[str, Any] | None = None,
    comment: str = "",
    idempotency_key: str | None = None,
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Append the history row of a move: who, when, from which status and step (`before`, a `pointer`)
    to where the dossier is now."""
    person = user_of(actor)
    origin = before or {}
    data = data or {}
    # An online answer keeps its record against the acceptance limit (moves.answer_online) in its data
    # and, for the counter's panel (online_queue.online_limits), in two indexed columns written from the
    # same value.
    answer = "accept_late" in data
    # One row per move: its INSERT is built once per process (egov.core.statements).
    event = DossierEvent(
        dossier=d,
        action=action,
        at=now,
        actor=person,
        actor_name=_actor_name(d, actor, person)[:200],
        from_status=from_status,
        to_status=d.status,
        from_step_id=origin.get("current_step"),
        to_step_id=d.current_step_id,
        from_agency_id=origin.get("current_agency"),
        to_agency_id=d.current_agency_id,
        handler_id=d.handler_id,  # the id: the user object may not have been read, and is not needed
        comment=comment,
        due_at=d.due_at,
        data=data,
        idempotency_key=idempotency_key or None,
        answer_agency_id=d.receiving_agency_id if answer else None,
        accept_late=data.get("accept_late"),
    )
    statements.insert(event)
    return event


def _actor_name(d: Dossier, actor: Actor | None, person: Any) -> str:
    """The officer; set-up code or a scheduled command by its own name; else the applicant (online)."""
    if person is not None:
        return str(person.get_full_name())
    if actor is not None and getattr(actor, "is_authenticated", False):
        return str(actor.get_full_name())
    return d.applicant_name


def local_iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def start_clock(d: Dossier, now: dt.datetime) -> None:
    """The dossier is received now: its appointment and its receiving step's clock start."""
    d.received_at = now
    d.due_at = deadlines.dossier_due(now, d.procedure)
    d.original_due_at = d.due_at
    d.step_started_at = now
    d.step_due_at = deadlines.due_for(now, d.current_step.allotted_hours) if d.current_step else None
