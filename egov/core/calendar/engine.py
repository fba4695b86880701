"""Working-time arithmetic on a calendar of office sessions. Pure: no database, no settings.

A `WorkingCalendar` knows the office sessions of a working day (07:30-11:30 and
13:00-17:00 by default), the ordinary working weekdays, and, per year, the dates
that differ from the ordinary week (`True` = a working day, e.g. a make-up
Saturday; `False` = a day off, e.g. a holiday). Working time is the time inside
sessions on working days; a "working day" of time is the sum of the sessions
(8 hours by default), so half a day is half of that.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

Session = tuple[dt.time, dt.time]
YearLoader = Callable[[int], Mapping[dt.date, bool]]

#: How far the arithmetic searches for a working session before giving up
#: (a calendar whose every day is off would otherwise loop forever).
MAX_SCAN_DAYS = 3660
_MICROS_PER_HOUR = Decimal(3_600_000_000)
HOURS_PRECISION = Decimal("0.000001")


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)
_QUARTER = 900_000_000  # a quarter of an hour in microseconds


def _micros(moment: dt.datetime) -> int:
    """An aware moment as whole microseconds since 1970 (exact: a float timestamp would round them)."""
    return (moment - _EPOCH) // _MICRO


@dataclass(frozen=True)
class _YearIndex:
    """A year's sessions in order, as microseconds since 1970, with the working time before each."""

    begins: list[int]
    ends: list[int]
    before: list[int]  # working time of the year before each session starts
    through: list[int]  # working time of the year up to each session's end

    @property
    def total(self) -> int:
        return self.through[-1] if self.through else 0


def _days_of(year: int) -> Iterator[dt.date]:
    """The dates of a year (by ordinal: adding a day to 31 December 9999 overflows)."""
    first = dt.date(year, 1, 1).toordinal()
    return (dt.date.fromordinal(n) for n in range(first, dt.date(year, 12, 31).toordinal() + 1))


class CalendarError(ValueError):
    """Bad input (a naive datetime, a negative time limit) or a calendar with no working time."""


def to_timedelta(hours: Decimal | float | int) -> dt.timedelta:
    """Hours as an exact timedelta (to the microsecond)."""
    micros = (Decimal(str(hours)) * _MICROS_PER_HOUR).to_integral_value()
    return dt.timedelta(microseconds=int(micros))


def to_hours(span: dt.timedelta) -> Decimal:
    micros = Decimal((span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds)
    return (micros / _MICROS_PER_HOUR).quantize(HOURS_PRECISION)


class WorkingCalendar:
    def __init__(
        self,
        sessions: Sequence[Session],
        weekdays: Sequence[int],
        load_year: YearLoader,
        tz: str | dt.tzinfo = "Asia/Ho_Chi_Minh",
    ) -> None:
        if not sessions:
            raise CalendarError("at least one office session is needed")
        for start, end in sessions:
            if start >= end:
                raise CalendarError("each session must end after it starts")
        self.sessions = tuple(sorted(sessions))
        self.weekdays = frozenset(weekdays)
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._load_year = load_year
        self._years: dict[int, Mapping[dt.date, bool]] = {}
        self._indexes: dict[int, _YearIndex] = {}
        self._totals: dict[int, int] = {}  # working time of the years passed over whole (microseconds)
        self._quarters: dict[int, tuple[int, dt.date]] = {}
        self.day_length = sum(
            (
                dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)
                for start, end in self.sessions
            ),
            dt.timedelta(),
        )

    # -- days -------------------------------------------------------------

    def exceptions(self, year: int) -> Mapping[dt.date, bool]:
        """The dates of `year` that differ from the ordinary week (loaded once per calendar)."""
        if year not in self._years:
            self._years[year] = dict(self._load_year(year))
        return self._years[year]

    def is_working_day(self, day: dt.date) -> bool:
        override = self.exceptions(day.year).get(day)
        if override is not None:
            return override
        return day.weekday() in self.weekdays

    def hours_per_day(self) -> Decimal:
        return to_hours(self.day_length)

    # -- moments ----------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise CalendarError("working-time arithmetic needs timezone-aware datetimes")
        return moment.astimezone(self.tz)

    def _day_sessions(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (dt.datetime.combine(day, start, self.tz), dt.datetime.combine(day, end, self.tz))
            for start, end in self.sessions
        ]

    def _sessions_from(self, day: dt.date, step: int) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Sessions day by day, forward (step=1, in order) or backward (step=-1, reversed)."""
        for offset in range(MAX_SCAN_DAYS):
            sessions = self._day_sessions(day + dt.timedelta(days=offset * step))
            yield from (sessions if step > 0 else reversed(sessions))
        raise CalendarError(f"no working session within {MAX_SCAN_DAYS} days")

    def _index(self, year: int) -> _YearIndex:
        """The year's sessions as a sorted index, built once per calendar: every deadline of a dossier looks
        up a few of them, and scanning day by day cost ~40 µs a look-up (the bulk generator, transitions)."""
        index = self._indexes.get(year)
        if index is None:
            begins, ends, before, through, total = [], [], [], [], 0
            for b, e in self._year_sessions(year):
                begins.append(b)
                ends.append(e)
                before.append(total)
                total += e - b
                through.append(total)
            index = self._indexes[year] = _YearIndex(begins, ends, before, through)
        return index

    def _moment(self, micros: int) -> dt.datetime:
        return (_EPOCH + dt.timedelta(microseconds=micros)).astimezone(self.tz)

    def _scan_limit(self, day: dt.date) -> int:
        """The first microsecond past the days the arithmetic may search from `day` (MAX_SCAN_DAYS)."""
        return _micros(dt.datetime.combine(day + dt.timedelta(days=MAX_SCAN_DAYS), dt.time(0), self.tz))

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """`moment` if it falls inside a session, else the start of the next session."""
        moment = self.local(moment)
        t = _micros(moment)
        found = self._next_working(t, moment.year, moment.date())
        return moment if found == t else self._moment(found)

    def _next_working(self, t: int, year: int, day: dt.date) -> int:
        """`next_working_moment` in microseconds since 1970; `year` and `day` are local, of `t`."""
        limit: int | None = None  # only a search past the year of `t` can reach it (MAX_SCAN_DAYS)
        while True:
            index = self._index(year)
            i = bisect_right(index.ends, t)  # the first session ending after `moment`
            if i < len(index.ends):
                if index.begins[i] <= t:
                    return t
                if limit is not None and index.begins[i] >= limit:
                    break
                return index.begins[i]
            year += 1
            limit = self._scan_limit(day) if limit is None else limit
            if _micros(dt.datetime(year, 1, 1, tzinfo=self.tz)) >= limit:
                break
        raise CalendarError(f"no working session within {MAX_SCAN_DAYS} days")

    def add_working_time(self, start: dt.datetime, span: dt.timedelta) -> dt.datetime:
        """The moment when `span` of working time has passed after `start` (before it if negative).

        The clock only runs inside sessions. Ending exactly at the end of a session
        gives that end (e.g. 17:00), not the start of the next one.
        """
        start = self.local(start)
        if span == dt.timedelta(0):
            return start
        if span > dt.timedelta(0):
            return self._add_forward(start, span // _MICRO)
        return self._scan_working_time(start, span)

    def _add_forward(self, start: dt.datetime, need: int) -> dt.datetime:
        return self._moment(self._forward(_micros(start), need, start.year, start.date()))

    def _forward(self, t: int, need: int, year: int, day: dt.date) -> int:
        """`need` microseconds of working time after `t` (microseconds since 1970; `year` and `day` local,
        of `t`), by the year indexes: the working time of the year up to `t`, plus `need`, found by
        bisection in the year (or a later one) that holds it."""
        index = self._index(year)
        target = self._worked_before(t, year) + need
        limit: int | None = None  # only a search past the year of `t` can reach it (MAX_SCAN_DAYS)
        while target > index.total:
            target -= index.total
            year += 1
            limit = self._scan_limit(day) if limit is None else limit
            if _micros(dt.datetime(year, 1, 1, tzinfo=self.tz)) >= limit:
                raise CalendarError(f"no working session within {MAX_SCAN_DAYS} days")
            index = self._index(year)
        j = bisect_left(index.through, target)  # ending exactly at a session's end gives that end
        end = index.begins[j] + target - index.before[j]
        if limit is not None and end > limit:
            raise CalendarError(f"no working session within {MAX_SCAN_DAYS} days")
        return end

    # -- microseconds -----------------------------------------------------
    # The bulk generator asks for millions of deadlines; these answer on microseconds since 1970 (UTC), with
    # the same arithmetic as the methods on datetimes but without building an aware datetime per call (that
    # conversion, not the look-up, was most of each answer's cost).

    def next_working_micros(self, t: int) -> int:
        """`next_working_moment` on microseconds since 1970."""
        year, day = self._local_year_day(t)
        return self._next_working(t, year, day)

    def add_working_micros(self, t: int, need: int) -> int:
        """`add_working_time` on microseconds since 1970, forward only (`need` ≥ 0 microseconds)."""
        if need < 0:
            raise CalendarError("add_working_micros goes forward only")
        if need == 0:
            return t
        year, day = self._local_year_day(t)
        return self._forward(t, need, year, day)

    def local_date_micros(self, t: int) -> dt.date:
        """The local date of a moment given in microseconds since 1970."""
        return self._local_year_day(t)[1]

    def _local_year_day(self, t: int) -> tuple[int, dt.date]:
        # Per quarter of an hour (every zone's offsets and changes fall on quarters of an hour in the years
        # that matter); a quarter whose two ends fall on different local dates is worked out each time.
        key = t // _QUARTER
        found = self._quarters.get(key)
        if found is None:
            first, last = (
                self._moment(key * _QUARTER).date(),
                self._moment(key * _QUARTER + _QUARTER - 1).date(),
            )
            if first != last:
                day = self._moment(t).date()
                return day.year, day
            found = self._quarters[key] = (first.year, first)
        return found

    def _scan_working_time(self, start: dt.datetime, span: dt.timedelta) -> dt.datetime:
        """`add_working_time` session by session: backwards, and the reference the index is tested against."""
        start = self.local(start)
        if span == dt.timedelta(0):
            return start
        remaining = abs(span)
        if span > dt.timedelta(0):
            for begin, end in self._sessions_from(start.date(), 1):
                if end <= start:
                    continue
                begin = max(begin, start)
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
        else:
            for begin, end in self._sessions_from(start.date(), -1):
                if begin >= start:
                    continue
                end = min(end, start)
                if remaining <= end - begin:
                    return end - remaining
                remaining -= end - begin
        raise AssertionError("unreachable")  # pragma: no cover

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Office time from `a` to `b`; negative when `b` is before `a`.

        By the year indexes: the working time of `b`'s year up to `b`, less that of `a`'s year up to `a`,
        plus the whole years between. The dossier page asks this for every open step since it began and
        for the dossier's time left; day by day it cost ~1 ms for a dossier a few months old."""
        a, b = self.local(a), self.local(b)
        if b < a:
            return -self.working_time_between(b, a)
        worked = self._worked_before(_micros(b), b.year) - self._worked_before(_micros(a), a.year)
        worked += sum(self._year_total(year) for year in range(a.year, b.year))
        return dt.timedelta(microseconds=worked)

    def _year_total(self, year: int) -> int:
        """A year's working time: its index's total when the index is built; otherwise summed and only the
        total kept, so two moments decades apart keep a number per year between, not each year's index."""
        if (index := self._indexes.get(year)) is not None:
            return index.total
        if (total := self._totals.get(year)) is None:
            total = self._totals[year] = sum(e - b for b, e in self._year_sessions(year))
        return total

    def _year_sessions(self, year: int) -> Iterator[tuple[int, int]]:
        """The year's sessions in order, each as (begin, end) in microseconds since 1970: what its index and
        its total are made of."""
        for day in _days_of(year):
            for begin, end in self._day_sessions(day):
                yield _micros(begin), _micros(end)

    def _worked_before(self, t: int, year: int) -> int:
        """The working time of local `year` before the moment `t` (microseconds since 1970, in `year`)."""
        index = self._index(year)
        i = bisect_right(index.ends, t)
        return index.before[i] + max(0, t - index.begins[i]) if i < len(index.ends) else index.total

    def _scan_working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """`working_time_between` day by day: the reference the index is tested against."""
        a, b = self.local(a), self.local(b)
        if b < a:
            return -self._scan_working_time_between(b, a)
        total = dt.timedelta(0)
        day = a.date()
        while day <= b.date():
            for begin, end in self._day_sessions(day):
                overlap = min(end, b) - max(begin, a)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += dt.timedelta(days=1)
        return total

    def due_at(self, received_at: dt.datetime, limit: dt.timedelta) -> dt.datetime:
        """The deadline of a dossier received at `received_at` with a time limit of `limit` office time.

        The clock starts at receipt if the dossier arrives during a session,
        otherwise at the start of the next session (after hours, at lunch, on a
        weekend or holiday). See docs/calendar.md for the legal basis.
        """
        if limit < dt.timedelta(0):
            raise CalendarError("a time limit cannot be negative")
        return self.add_working_time(self.next_working_moment(received_at), limit)
