"""Reporting periods: a month, a quarter, six or nine months, a year (the periods the reports use)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KINDS = {
    "month": _("Month"),
    "quarter": _("Quarter"),
    "half": _("Six months"),
    "nine": _("Nine months"),
    "year": _("Year"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int  # the month (1-12) or quarter (1-4); ignored for the others

    @property
    def first_day(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.number, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * (self.number - 1) + 1, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end_day(self) -> dt.date:
        """The day after the period."""
        months = {"month": 1, "quarter": 3, "half": 6, "nine": 9, "year": 12}[self.kind]
        first = self.first_day
        total = first.month - 1 + months
        return dt.date(first.year + total // 12, total % 12 + 1, 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.first_day, dt.time.min, tz),
            dt.datetime.combine(self.end_day, dt.time.min, tz),
        )

    def __str__(self) -> str:
        first, last = self.first_day, self.end_day - dt.timedelta(days=1)
        return f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"


def parse(
    kind: str | None, year: str | None, number: str | None, today: dt.date, default: Period | None = None
) -> Period:
    """A period from the query string; none asked for, or anything unusable: `default` (else the current
    month)."""
    fallback = default or Period("month", today.year, today.month)
    if not (kind or year or number):
        return fallback
    try:
        y = int(year or today.year)
        n = int(number or (today.month if kind in (None, "", "month") else (today.month - 1) // 3 + 1))
    except ValueError:
        return fallback
    k = kind if kind in KINDS else "month"
    if not 2000 <= y <= 2100 or (k == "month" and not 1 <= n <= 12) or (k == "quarter" and not 1 <= n <= 4):
        return fallback
    return Period(k, y, n)


def latest_month_with_data(latest: dt.date | None, today: dt.date) -> Period:
    """The month of `latest` (the latest month with dossiers received), else the current month."""
    day = latest or today
    return Period("month", day.year, day.month)
