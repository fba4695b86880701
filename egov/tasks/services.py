"""Every change to a task, each in one transaction with its history row (`TaskEvent`), its audit row and
the emails it causes (outbox). `assign` creates a task; `move` is the only writer of `Task.status`.

A task follows a leader's assignment from a document (Decree 30/2020 art. 24.1: the head has the handling
of documents followed and urged), from a meeting, or alone: assigned → in progress (progress reports) →
reported done → done, with an extension asked and granted or refused, and a completion returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import User
from egov.core import audit
from egov.core.audit import Actor
from egov.organizations.models import Agency
from egov.tasks import files, notices, permissions
from egov.tasks.models import Origin, Task, TaskEvent, TaskFile
from egov.tasks.transitions import MOVES


def _account(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _record(
    task: Task, action: str, actor: Actor, before: str, note: str, now: dt.datetime, **figures: Any
) -> TaskEvent:
    event = TaskEvent.objects.create(
        task=task,
        action=action,
        actor=_account(actor),
        actor_name=actor.get_full_name() if _account(actor) else "system",
        from_status=before,
        to_status=task.status,
        note=note,
        at=now,
        **figures,
    )
    audit.record(
        actor,
        f"tasks.{action}",
        task,
        before={"status": before},
        after={
            "status": task.status,
            "due_on": task.due_on.isoformat(),
            "progress": task.progress,
            "note": note[:500],
        },
        agency_path=task.agency.path,
    )
    return event


@dataclass(frozen=True)
class Assignment:
    """What the leader assigns: the task, its source, its units and people, and the deadline."""

    title: str
    lead_unit: Agency
    due_on: dt.date
    description: str = ""
    co_units: Sequence[Agency] = ()
    people: Sequence[Any] = ()
    document: Any = None
    meeting: str = ""


def assign(*, actor: Actor, agency: Agency, task: Assignment, now: dt.datetime | None = None) -> Task:
    """A leader of `agency` assigns a task to units of the agency and its people; they are emailed."""
    now = now or timezone.now()
    if not permissions.may_assign(actor, agency):
        raise PermissionDenied(_("Only a leader of the agency assigns tasks."))
    if not task.title.strip():
        raise ValidationError(_("Write what the task is."))
    for unit in [task.lead_unit, *task.co_units]:
        if not unit.path.startswith(agency.path):
            raise ValidationError(_("%(unit)s is not a unit of this agency.") % {"unit": unit.name})
    if task.due_on < timezone.localdate(now):
        raise ValidationError(_("The deadline is in the past."))
    if task.document is not None and task.document.agency_id != agency.pk:
        raise ValidationError(_("The document belongs to another agency."))
    origin = Origin.DOCUMENT if task.document else (Origin.MEETING if task.meeting.strip() else Origin.NONE)
    by = _account(actor)
    if by is None:
        raise PermissionDenied(_("Only a signed-in person may do this."))
    with transaction.atomic():
        made = Task.objects.create(
            agency=agency,
            title=task.title.strip(),
            description=task.description,
            origin=origin,
            document=task.document,
            meeting=task.meeting.strip(),
            lead_unit=task.lead_unit,
            due_on=task.due_on,
            first_due_on=task.due_on,
            assigned_by=by,
            assigned_at=now,
        )
        made.co_units.set([u for u in task.co_units if u.pk != task.lead_unit.pk])
        made.people.set(list(task.people))
        _record(made, "assign", actor, "", task.description, now, due_on=task.due_on)
        notices.tell(notices.assignees(made), made, _("assigned to you"))
    return made


def from_instruction(*, actor: Actor, document: Any, now: dt.datetime | None = None) -> Task:
    """A task from a leader's instruction on an incoming document (documents.services.instruct): its lead
    unit, co-units, person in charge and deadline, and the instruction as what is to be done."""
    lead = document.assignments.filter(part="lead", completed_at__isnull=True).first()
    if lead is None or lead.due_on is None:
        raise ValidationError(_("The document has no open instruction with a deadline."))
    co = [a.unit for a in document.assignments.filter(part="co", completed_at__isnull=True)]
    spec = Assignment(
        title=document.summary[:300],
        description=lead.instruction,
        lead_unit=lead.unit,
        co_units=co,
        people=[lead.person] if lead.person else [],
        due_on=lead.due_on,
        document=document,
    )
    return assign(actor=actor, agency=document.agency, task=spec, now=now)


def move(
    task: Task,
    action: str,
    *,
    actor: Actor,
    note: str = "",
    change: Callable[[Task], dict[str, Any]] | None = None,
    attachments: Sequence[Any] = (),
    notify: Callable[[Task], Any] | None = None,
    now: dt.datetime | None = None,
) -> Task:
    """Make the move `action` on `task` for `actor`: refused (PermissionDenied, ValidationError) with
    nothing changed when the table does not allow it now. `change` edits the locked row and returns the
    figures the history row keeps; `attachments` are checked before anything is written; `notify` queues
    the move's emails in its transaction."""
    now = now or timezone.now()
    m = MOVES[action]
    checked = files.check(attachments)
    stored: list[TaskFile] = []
    with files.kept(stored), transaction.atomic():
        locked = Task.objects.select_for_update().select_related("agency", "lead_unit").get(pk=task.pk)
        if not m.may(actor, locked):
            raise PermissionDenied(_("You may not do this with this task."))
        if locked.status not in m.sources:
            raise ValidationError(
                _("This task is %(status)s; this action is not possible now.")
                % {"status": locked.get_status_display()}
            )
        before = locked.status
        if m.target is not None:
            locked.status = m.target
        figures = change(locked) if change is not None else {}
        locked.save()
        event = _record(locked, action, actor, before, note, now, **figures)
        files.keep(event, checked, now, stored)
        if notify is not None:
            notify(locked)
    return locked


def report(
    task: Task, *, actor: Actor, progress: int, text: str, attachments: Sequence[Any] = (), now: Any = None
) -> Task:
    """An assignee reports progress: a percentage, what was done, and files."""
    if not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."))
    if not text.strip():
        raise ValidationError(_("Write what was done."))

    def change(t: Task) -> dict[str, Any]:
        t.progress = progress
        return {"progress": progress}

    def notify(t: Task) -> None:
        notices.tell([t.assigned_by], t, _("progress %(p)s%%") % {"p": progress})

    return move(
        task, "report", actor=actor, note=text, change=change, attachments=attachments, notify=notify, now=now
    )


def request_extension(task: Task, *, actor: Actor, due_on: dt.date, reason: str, now: Any = None) -> Task:
    """The lead asks the leader for a later deadline, with the reason."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))

    def change(t: Task) -> dict[str, Any]:
        if due_on <= t.due_on:
            raise ValidationError(_("The new deadline must be later than the current one."))
        t.asked_due_on = due_on
        return {"due_on": due_on}

    def notify(t: Task) -> None:
        what = _("an extension to %(d)s is asked") % {"d": f"{due_on:%d/%m/%Y}"}
        notices.tell([t.assigned_by], t, what)

    return move(task, "request_extension", actor=actor, note=reason, change=change, notify=notify, now=now)


def grant_extension(
    task: Task, *, actor: Actor, due_on: dt.date | None = None, note: str = "", now: Any = None
) -> Task:
    """The leader grants a new deadline (the one asked for, or another later one); reminders start over."""

    def change(t: Task) -> dict[str, Any]:
        new = due_on or t.asked_due_on
        if new is None or new <= t.due_on:
            raise ValidationError(_("The new deadline must be later than the current one."))
        t.due_on, t.asked_due_on = new, None
        t.reminded_before_on = t.reminded_late_on = None
        return {"due_on": new}

    def notify(t: Task) -> None:
        what = _("the deadline is extended to %(d)s") % {"d": f"{t.due_on:%d/%m/%Y}"}
        notices.tell(notices.assignees(t, co_units=False), t, what)

    return move(task, "grant_extension", actor=actor, note=note, change=change, notify=notify, now=now)


def refuse_extension(task: Task, *, actor: Actor, reason: str, now: Any = None) -> Task:
    """The leader refuses the extension, with the reason; the deadline stays."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refusal."))

    def change(t: Task) -> dict[str, Any]:
        t.asked_due_on = None
        return {}

    def notify(t: Task) -> None:
        notices.tell(notices.assignees(t, co_units=False), t, _("the extension is refused"))

    return move(task, "refuse_extension", actor=actor, note=reason, change=change, notify=notify, now=now)


def complete(
    task: Task, *, actor: Actor, text: str, attachments: Sequence[Any] = (), now: Any = None
) -> Task:
    """The lead reports the task done, with the result and files; the leader confirms or returns it."""
    moment = now or timezone.now()
    if not text.strip():
        raise ValidationError(_("Write what was done."))

    def change(t: Task) -> dict[str, Any]:
        t.progress, t.reported_done_at = 100, moment
        return {"progress": 100}

    def notify(t: Task) -> None:
        notices.tell([t.assigned_by], t, _("reported done"))

    return move(
        task,
        "complete",
        actor=actor,
        note=text,
        change=change,
        attachments=attachments,
        notify=notify,
        now=moment,
    )


def confirm(task: Task, *, actor: Actor, note: str = "", now: Any = None) -> Task:
    """The leader confirms the completion: the task is done, on time when it was reported by its deadline."""
    moment = now or timezone.now()

    def change(t: Task) -> dict[str, Any]:
        t.done_at = moment
        return {}

    def notify(t: Task) -> None:
        notices.tell(notices.assignees(t, co_units=False), t, _("completion confirmed"))

    return move(task, "confirm", actor=actor, note=note, change=change, notify=notify, now=moment)


def send_back(task: Task, *, actor: Actor, reason: str, now: Any = None) -> Task:
    """The leader returns a completion that is not good enough, with the reason."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning it."))

    def change(t: Task) -> dict[str, Any]:
        t.reported_done_at = None
        return {}

    def notify(t: Task) -> None:
        notices.tell(notices.assignees(t, co_units=False), t, _("returned: %(r)s") % {"r": reason[:200]})

    return move(task, "send_back", actor=actor, note=reason, change=change, notify=notify, now=now)
