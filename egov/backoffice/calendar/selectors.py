"""Reads for the calendar screens: what a year looks like."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from egov.core.calendar import get_calendar
from egov.core.models import CalendarDay


def province_days() -> Any:
    return CalendarDay.objects.filter(scope=CalendarDay.Scope.PROVINCE)


@dataclass(frozen=True)
class YearRow:
    date: dt.date
    national: CalendarDay | None
    province: CalendarDay | None
    working: bool  # the effective status of the day

    @property
    def overridden(self) -> bool:
        return self.national is not None and self.province is not None


@dataclass(frozen=True)
class YearSummary:
    year: int
    rows: list[YearRow]
    working_days: int
    estimated: bool  # some national day of the year is not yet officially announced


def year_summary(year: int) -> YearSummary:
    """Every special day of `year`, national and province side by side, and the count of working days."""
    national: dict[dt.date, CalendarDay] = {}
    province: dict[dt.date, CalendarDay] = {}
    for row in CalendarDay.objects.filter(date__year=year).order_by("date", "scope"):
        (national if row.scope == CalendarDay.Scope.NATIONAL else province)[row.date] = row
    calendar = get_calendar()
    rows = [
        YearRow(day, national.get(day), province.get(day), calendar.is_working_day(day))
        for day in sorted(set(national) | set(province))
    ]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    count = sum(
        1 for offset in range((end - start).days + 1) if calendar.is_working_day(start + dt.timedelta(offset))
    )
    return YearSummary(year, rows, count, any(r.estimated for r in national.values()))
