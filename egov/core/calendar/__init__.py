"""The working-day calendar (lịch làm việc): every deadline in egov comes from here.

Public API (all datetimes timezone-aware; results in Asia/Ho_Chi_Minh)::

    is_working_day(date) -> bool
    next_working_moment(dt) -> datetime
    add_working_days(start, days) -> datetime        # days may be 0.5, 1.25 ...
    add_working_hours(start, hours) -> datetime
    add_working_time(start, timedelta) -> datetime   # exact; negative goes back
    working_time_between(a, b) -> timedelta          # negative if b < a
    working_hours_between(a, b) -> Decimal
    due_at(received_at, amount, unit="days") -> datetime
    resume_due(due, paused_at, resumed_at) -> datetime
    hours_per_day() -> Decimal

A working day of time is the sum of the office sessions (settings.EGOV_OFFICE_HOURS,
8 h by default). Which days are working days: settings.EGOV_WORKING_WEEKDAYS,
changed by the national rows (shipped data file) and the province's own rows,
which win on the same date. Years without national rows fall back to the
`holidays` package. The per-year tables are cached in each process; every change of
a CalendarDay replaces the token of the one CalendarVersion row in the same
transaction, and a process compares that token at the first calendar use of each
request (and every RECHECK_SECONDS outside requests) before trusting its copy.
See docs/calendar.md.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection

from egov.core.calendar.engine import CalendarError, WorkingCalendar, to_hours, to_timedelta

__all__ = [
    "CalendarError",
    "WorkingCalendar",
    "add_working_days",
    "add_working_hours",
    "add_working_time",
    "due_at",
    "get_calendar",
    "hours_per_day",
    "invalidate",
    "is_working_day",
    "load_year",
    "mark_stale",
    "national_baseline",
    "next_working_moment",
    "resume_due",
    "time_limit",
    "working_hours_between",
    "working_time_between",
]

#: Outside requests (workers, commands), a change made by another process is seen within this many seconds.
RECHECK_SECONDS = 2.0

_lock = threading.Lock()


class _Cached:
    calendar: WorkingCalendar | None = None
    key: tuple[object, ...] = ()
    checked: float = 0.0
    stale: bool = True  # set when a request starts: the next use checks the version first


_cached = _Cached()


class _Changing(threading.local):
    #: This thread changed the calendar: its transaction may still roll back, so the version is read at every
    #: use until its request ends or the first use outside a transaction (a rolled-back change then shows
    #: as the token it never replaced), as egov.procedures.catalogue_version does for the catalogue.
    active = False


_changing = _Changing()


def load_year(year: int) -> dict[dt.date, bool]:
    """Dates of `year` that differ from the ordinary week: True = working, False = day off."""
    from egov.core.models import CalendarDay, CalendarDayKind

    rows = list(CalendarDay.objects.filter(date__year=year).values_list("date", "scope", "kind"))
    national = {day: kind for day, scope, kind in rows if scope == CalendarDay.Scope.NATIONAL}
    if not national:
        national = _holidays_package_year(year)
    province = {day: kind for day, scope, kind in rows if scope == CalendarDay.Scope.PROVINCE}
    effective = {**national, **province}
    return {day: kind == CalendarDayKind.WORKING_DAY for day, kind in effective.items()}


def _holidays_package_year(year: int) -> dict[dt.date, str]:
    """Fallback for years the data file does not cover: the legal days computed by `holidays`."""
    import holidays

    from egov.core.models import CalendarDayKind

    return {day: CalendarDayKind.HOLIDAY for day in holidays.country_holidays("VN", years=year)}


def national_baseline(day: dt.date) -> bool:
    """Whether `day` is a working day without any province row: the national rows and the ordinary week."""
    from egov.core.models import CalendarDay, CalendarDayKind

    national = CalendarDay.objects.filter(scope=CalendarDay.Scope.NATIONAL, date=day).first()
    if national is not None:
        return national.kind == CalendarDayKind.WORKING_DAY
    year_known = CalendarDay.objects.filter(scope=CalendarDay.Scope.NATIONAL, date__year=day.year).exists()
    if not year_known and day in _holidays_package_year(day.year):
        return False
    return day.weekday() in settings.EGOV_WORKING_WEEKDAYS


def _settings_key() -> tuple[object, ...]:
    return (
        tuple(settings.EGOV_OFFICE_HOURS),
        tuple(settings.EGOV_WORKING_WEEKDAYS),
        settings.TIME_ZONE,
    )


def get_calendar() -> WorkingCalendar:
    """The calendar for this deployment, rebuilt when a CalendarDay or the office-hour settings change."""
    now = time.monotonic()
    settings_key = _settings_key()
    changing = _changing.active
    if changing and not connection.in_atomic_block:
        # the change committed or rolled back: this read of the version is the last one it needs
        _changing.active = False
    with _lock:
        current = _cached.calendar
        fresh = not _cached.stale and not changing and now - _cached.checked < RECHECK_SECONDS
        if current is not None and fresh and _cached.key[1:] == settings_key:
            return current
        # The version is read before any year table, so a table is never older than the version it is
        # cached under; a change committed in between only causes one more rebuild.
        wanted = (current_version(), *settings_key)
        _cached.checked, _cached.stale = now, False
        if current is None or _cached.key != wanted:
            current = WorkingCalendar(
                settings.EGOV_OFFICE_HOURS, settings.EGOV_WORKING_WEEKDAYS, load_year, settings.TIME_ZONE
            )
            _cached.calendar, _cached.key = current, wanted
        return current


def current_version() -> str:
    """The token of the calendar data as committed (or as changed by the current transaction)."""
    from egov.core import statements

    found = statements.select(_token, 1)  # built once per process: read at the first use in every request
    return str(found[0] or "") if found else ""


def _token(pk: int) -> Any:
    from egov.core.models import CalendarVersion

    return CalendarVersion.objects.filter(pk=pk).values_list("token", flat=True).order_by("pk")[:1]


def invalidate() -> None:
    """Tell every process that the calendar changed; call it inside the transaction of the change.

    The new token commits or rolls back with the change itself, so no process can see the one without
    the other. Updating the row also serialises concurrent calendar changes on PostgreSQL.
    """
    from egov.core.models import CalendarVersion

    CalendarVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    clear_local()
    _changing.active = True


def mark_stale() -> None:
    """Check the version at the next use (connected to request_started: once per request, no query)."""
    _cached.stale = True
    _changing.active = False


def clear_local() -> None:
    """Forget this process's tables (tests call it between cases: rolled-back rows send no signal)."""
    with _lock:
        _cached.calendar, _cached.key, _cached.checked, _cached.stale = None, (), 0.0, True
    _changing.active = False


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


def hours_per_day() -> Decimal:
    return get_calendar().hours_per_day()


def next_working_moment(moment: dt.datetime) -> dt.datetime:
    return get_calendar().next_working_moment(moment)


def add_working_time(start: dt.datetime, span: dt.timedelta) -> dt.datetime:
    return get_calendar().add_working_time(start, span)


def add_working_hours(start: dt.datetime, hours: Decimal | float | int) -> dt.datetime:
    return add_working_time(start, to_timedelta(hours))


def _days_to_time(calendar: WorkingCalendar, days: Decimal | float | int) -> dt.timedelta:
    day_micros = calendar.day_length // dt.timedelta(microseconds=1)
    micros = (Decimal(str(days)) * day_micros).to_integral_value()
    return dt.timedelta(microseconds=int(micros))


def add_working_days(start: dt.datetime, days: Decimal | float | int) -> dt.datetime:
    """`days` working days of office time after `start` (0.5 = half the day's hours)."""
    calendar = get_calendar()
    return calendar.add_working_time(start, _days_to_time(calendar, days))


def working_time_between(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    return get_calendar().working_time_between(a, b)


def working_hours_between(a: dt.datetime, b: dt.datetime) -> Decimal:
    """Office hours from `a` to `b` (to the millionth of an hour); negative if `b` is before `a`."""
    return to_hours(working_time_between(a, b))


def due_at(received_at: dt.datetime, amount: Decimal | float | int, unit: str = "days") -> dt.datetime:
    """The deadline of a dossier received at `received_at` with a time limit of `amount` `unit`.

    unit is "days" (working days, of hours_per_day() each) or "hours" (office hours).
    """
    return get_calendar().due_at(received_at, time_limit(amount, unit))


def time_limit(amount: Decimal | float | int, unit: str = "days") -> dt.timedelta:
    """A time limit of `amount` `unit` ("days" or "hours") as the office time `due_at` counts."""
    if unit == "days":
        return _days_to_time(get_calendar(), amount)
    if unit == "hours":
        return to_timedelta(amount)
    raise CalendarError(f"unknown time unit {unit!r}: use 'days' or 'hours'")


def resume_due(due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime) -> dt.datetime:
    """The new deadline when a clock paused at `paused_at` restarts at `resumed_at`.

    The office time left at the pause (negative if already overdue) is added back
    from the first working moment after the resumption.
    """
    calendar = get_calendar()
    left = calendar.working_time_between(paused_at, due)
    return calendar.add_working_time(calendar.next_working_moment(resumed_at), left)
