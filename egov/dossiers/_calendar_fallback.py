"""Working-time arithmetic used only until egov.core.calendar exists (see deadlines.py).

Same data as the project calendar: weekdays from EGOV_WORKING_WEEKDAYS, office
sessions from EGOV_OFFICE_HOURS, national holidays from the `holidays` package
(country VN, lunar New Year included), and CalendarDay rows (province rows win
over national rows on the same date).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone

SECONDS_PER_HOUR = Decimal(3600)


@lru_cache(maxsize=64)
def _national(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    from egov.core.models import CalendarDay

    kinds: dict[dt.date, str] = {}
    for day, scope, kind in CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
        "date", "scope", "kind"
    ):
        if scope == CalendarDay.Scope.PROVINCE or day not in kinds:
            kinds[day] = kind
    return kinds


class _Days:
    """Answers "is this a working day" for a window of dates with one query."""

    def __init__(self, start: dt.date, span_days: int = 400) -> None:
        self.start = start
        self.end = start + dt.timedelta(days=span_days)
        self.kinds = _overrides(start - dt.timedelta(days=span_days), self.end)

    def working(self, day: dt.date) -> bool:
        kind = self.kinds.get(day)
        if kind == "working_day":
            return True
        if kind in ("holiday", "day_off"):
            return False
        if day in _national(day.year):
            return False
        return day.weekday() in settings.EGOV_WORKING_WEEKDAYS


def is_working_day(day: dt.date) -> bool:
    return _Days(day, 0).working(day)


def _sessions(day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    tz = timezone.get_current_timezone()
    return [
        (dt.datetime.combine(day, start, tz), dt.datetime.combine(day, end, tz))
        for start, end in settings.EGOV_OFFICE_HOURS
    ]


def next_working_moment(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    days = _Days(local.date())
    day = local.date()
    while True:
        if days.working(day):
            for start, end in _sessions(day):
                if local < end:
                    return max(local, start)
        day += dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time.min, local.tzinfo)


def add_working_hours(start: dt.datetime, hours: Decimal) -> dt.datetime:
    """The moment `hours` office hours after `start`; negative hours go back in time."""
    left = Decimal(hours) * SECONDS_PER_HOUR
    local = timezone.localtime(start)
    day = local.date()
    days = _Days(day - dt.timedelta(days=400) if left < 0 else day, 800 if left < 0 else 400)
    if left == 0:
        return local
    if left > 0:
        while True:
            if days.working(day):
                for s, e in _sessions(day):
                    if local >= e:
                        continue
                    begin = max(local, s)
                    available = Decimal((e - begin).total_seconds())
                    if left <= available:
                        return begin + dt.timedelta(seconds=float(left))
                    left -= available
                    local = e
            day += dt.timedelta(days=1)
            local = dt.datetime.combine(day, dt.time.min, local.tzinfo)
    left = -left
    while True:
        if days.working(day):
            for s, e in reversed(_sessions(day)):
                if local <= s:
                    continue
                end = min(local, e)
                available = Decimal((end - s).total_seconds())
                if left <= available:
                    return end - dt.timedelta(seconds=float(left))
                left -= available
                local = s
        day -= dt.timedelta(days=1)
        local = dt.datetime.combine(day, dt.time.max, local.tzinfo)


def working_hours_between(a: dt.datetime, b: dt.datetime) -> Decimal:
    """Office hours from a to b (negative when b is before a)."""
    if b < a:
        return -working_hours_between(b, a)
    a_local, b_local = timezone.localtime(a), timezone.localtime(b)
    days = _Days(a_local.date(), max((b_local.date() - a_local.date()).days, 0) + 1)
    seconds = Decimal(0)
    day = a_local.date()
    while day <= b_local.date():
        if days.working(day):
            for s, e in _sessions(day):
                begin, end = max(s, a_local), min(e, b_local)
                if end > begin:
                    seconds += Decimal((end - begin).total_seconds())
        day += dt.timedelta(days=1)
    return (seconds / SECONDS_PER_HOUR).quantize(Decimal("0.0001"))
