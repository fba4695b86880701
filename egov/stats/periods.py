"""Reporting periods: a month, a quarter, the first six or nine months, a year, or any run of days; and the
same period a year earlier, for trends."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KINDS = (
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("half", gettext_lazy("First six months")),
    ("nine", gettext_lazy("First nine months")),
    ("year", gettext_lazy("Year")),
    ("custom", gettext_lazy("From … to …")),
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    def previous_year(self) -> Period:
        start, end = _year_back(self.start), _year_back(self.end)
        # Outside the f-string: xgettext does not read calls inside one, so the words stayed English.
        label = _("same period last year")
        return Period(start, end, f"{label} ({start:%d/%m/%Y}–{end:%d/%m/%Y})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def parts(self) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
        """The whole months inside the period (the first days of the first and the last one, or None) and
        the runs of days outside them (none for a period of whole months): the month table serves the
        first, the day table the second."""
        first = self.start
        if first.day != 1:
            first = _month_end(first.year, first.month) + dt.timedelta(days=1)
        last_end = self.end
        if last_end != _month_end(last_end.year, last_end.month):
            last_end = last_end.replace(day=1) - dt.timedelta(days=1)
        if first > last_end:
            return None, [(self.start, self.end)]
        edges = []
        if self.start < first:
            edges.append((self.start, first - dt.timedelta(days=1)))
        if last_end < self.end:
            edges.append((last_end + dt.timedelta(days=1), self.end))
        return (first, last_end.replace(day=1)), edges


def _year_back(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_for(
    kind: str,
    year: int,
    month: int = 1,
    quarter: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Period:
    """The period of that kind; raise ValueError for one that does not exist."""
    if kind == "month":
        label = _("month %(m)02d/%(y)d") % {"m": month, "y": year}
        return Period(dt.date(year, month, 1), _month_end(year, month), label)
    if kind == "quarter":
        if not 1 <= quarter <= 4:
            raise ValueError(quarter)
        first = 3 * quarter - 2
        label = _("quarter %(q)d/%(y)d") % {"q": quarter, "y": year}
        return Period(dt.date(year, first, 1), _month_end(year, first + 2), label)
    if kind == "half":
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), _("first six months of %(y)d") % {"y": year})
    if kind == "nine":
        label = _("first nine months of %(y)d") % {"y": year}
        return Period(dt.date(year, 1, 1), dt.date(year, 9, 30), label)
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), _("year %(y)d") % {"y": year})
    if kind == "custom" and start is not None and end is not None and start <= end:
        return Period(start, end, _("%(a)s to %(b)s") % {"a": f"{start:%d/%m/%Y}", "b": f"{end:%d/%m/%Y}"})
    raise ValueError(kind)


#: The days a report shows when none is asked for (docs/stats.md, "The default period").
DEFAULT_DAYS = 30


def last_days(today: dt.date, days: int = DEFAULT_DAYS) -> Period:
    """The `days` days ending today: the default of the dashboards, which is never the empty start of a
    month."""
    start = today - dt.timedelta(days=days - 1)
    label = _("the last %(n)d days (%(a)s to %(b)s)") % {
        "n": days,
        "a": f"{start:%d/%m/%Y}",
        "b": f"{today:%d/%m/%Y}",
    }
    return Period(start, today, label)
