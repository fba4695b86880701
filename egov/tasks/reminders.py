"""Reminders about tasks' deadlines, by email through the outbox, sent by the daily command
`task_reminders` (run it beside `document_reminders`).

An open task (assigned, in progress, or waiting for an answer to an extension) whose deadline is within the
documents rule set's lead time ("remind_before_working_days", counted in working days of egov.core.calendar)
gets one "due soon" reminder; once the deadline has passed, one "late" reminder a day, to its assignees and
the leader who assigned it. Each reminder is written with its history and audit rows in one transaction per
task (the task's row locked and re-read), and the day it went out is kept on the task, so a second run the
same day, or two runs at once, send nothing twice (tests/tasks/test_reminders_race.py).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core import audit, calendar
from egov.core.audit import SystemActor
from egov.documents.rules import rules_for
from egov.tasks import notices
from egov.tasks.models import Status, Task, TaskEvent

#: A task reported done waits for the leader, not for its assignees: no reminder.
REMINDED = (Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENSION_ASKED)


def soon_limit(today: dt.date, working_days: int) -> dt.date:
    """The last day that is at most `working_days` working days after today."""
    day, left = today, working_days
    while left > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Send today's reminders; returns how many of each kind went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    limit = soon_limit(today, rules_for(today).remind_before_working_days)
    actor = SystemActor("reminders")
    sent = {"soon": 0, "late": 0}
    late = Q(due_on__lt=today) & (Q(reminded_late_on__isnull=True) | ~Q(reminded_late_on=today))
    soon = Q(due_on__gte=today, due_on__lte=limit, reminded_before_on__isnull=True)
    candidates = Task.objects.filter(late | soon, status__in=REMINDED).select_related("agency", "lead_unit")
    for task in candidates:
        if task.due_on < today:
            kind, field = "late", "reminded_late_on"
            what = _("the deadline %(due)s has passed") % {"due": f"{task.due_on:%d/%m/%Y}"}
        else:
            kind, field = "soon", "reminded_before_on"
            what = _("due on %(due)s") % {"due": f"{task.due_on:%d/%m/%Y}"}
        with transaction.atomic():
            locked = Task.objects.select_for_update().select_related("agency", "lead_unit").get(pk=task.pk)
            already = (
                locked.reminded_late_on == today if kind == "late" else locked.reminded_before_on is not None
            )
            if already or locked.status not in REMINDED or locked.due_on != task.due_on:
                continue
            setattr(locked, field, today)
            locked.save(update_fields=[field])
            people = (
                [*notices.assignees(locked), locked.assigned_by]
                if kind == "late"
                else notices.assignees(locked)
            )
            notices.tell(people, locked, what)
            TaskEvent.objects.create(
                task=locked,
                action="remind",
                actor_name="system",
                from_status=locked.status,
                to_status=locked.status,
                note=what,
                at=now,
            )
            audit.record(actor, "tasks.remind", locked, after={"kind": kind}, agency_path=locked.agency.path)
        sent[kind] += 1
    return sent
