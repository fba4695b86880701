"""Every deadline of a dossier comes through this module, and from here from one calendar: egov.core.calendar
(working days with Vietnam's holidays, the government's swaps, the province's overrides, office hours)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db.models import Q
from django.utils import timezone

from egov.core.calendar import (
    add_working_hours,
    due_at,
    get_calendar,
    is_working_day,
    next_working_moment,
    resume_due,
    working_hours_between,
    working_time_between,
)
from egov.dossiers.models import PAUSED, RUNNING, Dossier, StepVisit, Timeliness
from egov.procedures.models import Procedure, TimeUnit

__all__ = [
    "Clock",
    "add_working_hours",
    "classify",
    "clock",
    "dossier_due",
    "due_for",
    "is_working_day",
    "next_working_moment",
    "overdue",
    "overdue_q",
    "resume_due",
    "working_hours_between",
]


def dossier_due(
    received_at: dt.datetime, procedure: Procedure, *, times: Decimal = Decimal(1)
) -> dt.datetime:
    """The appointment: the procedure's legal time limit (`times` over) counted in working time from
    the receipt; for a same-day procedure, the end of office hours of the day it is due (`same_day_due`)."""
    if procedure.time_unit == TimeUnit.SAME_DAY and procedure.same_day_cutoff is not None:
        due = same_day_due(received_at, procedure.same_day_cutoff)
        # An apology's bound (`times` > 1) adds whole working days of office time after that.
        return due_at(due, times - 1, TimeUnit.WORKING_DAYS) if times > 1 else due
    return due_at(received_at, procedure.processing_time * times, procedure.time_unit)


def same_day_due(received_at: dt.datetime, cutoff: dt.time) -> dt.datetime:
    """ "Received before the cut-off, returned the same day; after it, the next working day": the end of
    office hours of the day of receipt if it is a working day and the receipt is not after `cutoff` (local
    time), else of the next working day. A receipt before office hours counts for that day."""
    calendar = get_calendar()
    local = calendar.local(received_at)
    day = local.date()
    # "sau 15 giờ": 15:00:00 itself is not after 15:00.
    if not calendar.is_working_day(day) or local.time() > cutoff:
        day += dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
    closing = calendar.sessions[-1][1]
    return dt.datetime.combine(day, closing, calendar.tz)


def is_working_moment(moment: dt.datetime) -> bool:
    """Within office hours of a working day; a session's end (17:00) counts: appointments end there."""
    local = timezone.localtime(moment)
    if next_working_moment(local) == local:
        return True
    minute = dt.timedelta(minutes=1)
    return working_time_between(local - minute, local) == minute


def display(moment: dt.datetime) -> str:
    """A moment as the dossier screens print it (local time)."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


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


#: How far ahead the "due soon" queue looks, in working hours (one working day).
DUE_SOON_HOURS = Decimal(8)


@dataclass(frozen=True)
class Clock:
    """A dossier's deadline as everyone reads it: the queues, the dossier page and the public look-up."""

    #: The appointment for the result (None before receipt).
    due: dt.datetime | None
    #: The clock is stopped: the dossier waits for the applicant (supplement, financial obligations).
    paused: bool
    #: The clock runs: the dossier is open and not paused.
    running: bool
    #: The clock runs and its due moment has passed.
    overdue: bool
    #: Working hours from now (or from the start of the pause) to the due moment; negative once overdue;
    #: None when the dossier has no running or paused clock.
    hours_left: Decimal | None


class ClockColumns(Protocol):
    """What the clock's rule reads of a dossier: a Dossier, or a queue's row of plain values
    (`list_rows.QueueRow`)."""

    status: str
    received_at: dt.datetime | None
    paused_at: dt.datetime | None
    due_at: dt.datetime | None
    correction_due_at: dt.datetime | None


def _clock_runs(dossier: ClockColumns) -> bool:
    # A pause the rules did not stop the clock for (paused_at empty) keeps it running; an online submission
    # sent back to be completed before acceptance (no receipt yet) has no clock at all.
    if dossier.status in PAUSED and dossier.received_at is None:
        return False
    return dossier.status in RUNNING or (dossier.status in PAUSED and dossier.paused_at is None)


def counting_due(dossier: ClockColumns) -> dt.datetime | None:
    """The moment the running clock counts to: the corrected result's limit while a returned result is
    being corrected (Decree 118/2025 art. 23.1), else the appointment."""
    return dossier.correction_due_at or dossier.due_at


def clock(dossier: Dossier, now: dt.datetime | None = None) -> Clock:
    """The one clock of a dossier at `now`."""
    now = now or timezone.now()
    running = _clock_runs(dossier)
    paused = dossier.status in PAUSED and not running
    due = counting_due(dossier)
    left: Decimal | None = None
    if due is not None and (running or paused):
        since = dossier.paused_at if paused and dossier.paused_at is not None else now
        left = working_hours_between(since, due) if since <= due else -working_hours_between(due, since)
    return Clock(
        due=due,
        paused=paused,
        running=running,
        overdue=running and due is not None and due < now,
        hours_left=left,
    )


def overdue(dossier: Dossier, now: dt.datetime | None = None) -> bool:
    """An open dossier whose clock runs and whose due moment has passed (the same rule as `overdue_q`)."""
    return clock(dossier, now).overdue


def runs_past_due(dossier: ClockColumns, now: dt.datetime) -> bool:
    """`overdue` without the rest of the clock (no working-hours sum): for a queue's rows."""
    due = counting_due(dossier)
    return _clock_runs(dossier) and due is not None and due < now


def running_q() -> Q:
    """Dossiers whose clock runs, as a filter (the same rule as `Clock.running`)."""
    return Q(status__in=RUNNING) | Q(status__in=PAUSED, paused_at__isnull=True, received_at__isnull=False)


def due_soon_by(now: dt.datetime) -> dt.datetime:
    """The end of "due soon": one working day from `now`."""
    return add_working_hours(now, DUE_SOON_HOURS)


def overdue_q(now: dt.datetime) -> Q:
    """Overdue dossiers as a filter: the same rule as `overdue`, for the queues."""
    # While a result is corrected, its own limit counts (the same rule as `counting_due`).
    return running_q() & (Q(correction_due_at__isnull=True, due_at__lt=now) | Q(correction_due_at__lt=now))


def due_soon_q(now: dt.datetime, soon: dt.datetime | None = None) -> Q:
    """Dossiers whose clock runs and falls due within one working day from `now` (`soon`, if given, is
    `due_soon_by(now)` already made)."""
    soon = due_soon_by(now) if soon is None else soon
    return running_q() & (
        Q(correction_due_at__isnull=True, due_at__gte=now, due_at__lte=soon)
        | Q(correction_due_at__gte=now, correction_due_at__lte=soon)
    )


def visit_spent(visit: StepVisit, until: dt.datetime) -> Decimal:
    """Working hours used at a step, pauses for supplements excluded."""
    spent = working_hours_between(visit.started_at, until) - Decimal(visit.paused_hours)
    return max(spent, Decimal(0)).quantize(Decimal("0.01"))
