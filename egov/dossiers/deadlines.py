"""Every deadline of a dossier comes through this module, and from here from one calendar: egov.core.calendar
(working days with Vietnam's holidays, the government's swaps, the province's overrides, office hours)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from egov.core.calendar import (
    add_working_hours,
    due_at,
    is_working_day,
    next_working_moment,
    resume_due,
    working_hours_between,
)
from egov.dossiers.models import Dossier, StepVisit, Timeliness
from egov.procedures.models import Procedure

__all__ = [
    "add_working_hours",
    "classify",
    "dossier_due",
    "due_for",
    "is_working_day",
    "next_working_moment",
    "resume_due",
    "working_hours_between",
]


def dossier_due(received_at: dt.datetime, procedure: Procedure) -> dt.datetime:
    """The appointment: the procedure's legal time limit counted in working time from the receipt."""
    return due_at(received_at, procedure.processing_time, procedure.time_unit)


def due_for(start: dt.datetime, hours: Decimal) -> dt.datetime:
    """The moment `hours` working hours after `start` (a dossier received after hours counts from the next
    working moment)."""
    return add_working_hours(start, Decimal(hours))


def classify(finished_at: dt.datetime, due_at: dt.datetime | None) -> str:
    """Sớm hạn / đúng hạn / trễ hạn.

    Late: finished after the due moment. Early: finished on a day before the
    appointment day. On time: on the appointment day, before its moment. This is
    how the national indicator set counts "trước hạn / đúng hạn / quá hạn"
    (see rules/*.json, "classification").
    """
    if due_at is None:
        return Timeliness.NONE
    if finished_at > due_at:
        return Timeliness.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def overdue(dossier: Dossier, now: dt.datetime | None = None) -> bool:
    """An open dossier whose clock runs and whose due moment has passed."""
    from egov.dossiers.models import RUNNING

    now = now or timezone.now()
    return dossier.status in RUNNING and dossier.due_at is not None and dossier.due_at < now


def visit_spent(visit: StepVisit, until: dt.datetime) -> Decimal:
    """Working hours used at a step, pauses for supplements excluded."""
    spent = working_hours_between(visit.started_at, until) - Decimal(visit.paused_hours)
    return max(spent, Decimal(0)).quantize(Decimal("0.01"))
