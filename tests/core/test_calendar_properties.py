"""Properties of the working-time arithmetic, on the pure engine with random calendars (no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.core.calendar.engine import WorkingCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SESSIONS = [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0))]
START = dt.datetime(2025, 1, 1, tzinfo=TZ)
ZERO = dt.timedelta(0)

# Some random days of 2025-2026 flipped: a weekday off (a holiday) or a weekend day worked (make-up).
flips = st.sets(st.integers(min_value=0, max_value=729), max_size=40)
moments = st.integers(min_value=0, max_value=700 * 24 * 60).map(lambda m: START + dt.timedelta(minutes=m))
spans = st.integers(min_value=0, max_value=60 * 7 * 60).map(lambda m: dt.timedelta(minutes=m))


def make_calendar(flipped: set[int], zone: str = "Asia/Ho_Chi_Minh") -> WorkingCalendar:
    table: dict[int, dict[dt.date, bool]] = {}
    for offset in flipped:
        day = START.date() + dt.timedelta(days=offset)
        table.setdefault(day.year, {})[day] = day.weekday() >= 5
    return WorkingCalendar(SESSIONS, range(5), lambda year: table.get(year, {}), ZoneInfo(zone))


#: Zones whose offsets are not whole hours or change: +07:00, +05:45, -03:30 with summer time.
zones = st.sampled_from(["Asia/Ho_Chi_Minh", "Asia/Kathmandu", "America/St_Johns"])


@settings(max_examples=150, deadline=None)
@given(flips, moments, moments)
def test_between_is_antisymmetric(flipped, a, b):
    cal = make_calendar(flipped)
    assert cal.working_time_between(a, b) == -cal.working_time_between(b, a)
    assert cal.working_time_between(a, a) == ZERO


@settings(max_examples=150, deadline=None)
@given(flips, moments, moments, moments)
def test_between_is_additive(flipped, a, b, c):
    cal = make_calendar(flipped)
    assert cal.working_time_between(a, c) == cal.working_time_between(a, b) + cal.working_time_between(b, c)


@settings(max_examples=150, deadline=None)
@given(flips, moments, moments)
def test_between_never_exceeds_the_wall_clock_and_is_monotone(flipped, a, b):
    cal = make_calendar(flipped)
    a, b = min(a, b), max(a, b)
    assert ZERO <= cal.working_time_between(a, b) <= b - a


@settings(max_examples=150, deadline=None)
@given(flips, moments, spans)
def test_adding_then_measuring_gives_the_span_back(flipped, start, span):
    cal = make_calendar(flipped)
    end = cal.add_working_time(start, span)
    assert end >= start
    assert cal.working_time_between(start, end) == span


@settings(max_examples=150, deadline=None)
@given(flips, moments, spans)
def test_going_back_undoes_going_forward_inside_office_hours(flipped, start, span):
    cal = make_calendar(flipped)
    start = cal.next_working_moment(start)
    end = cal.add_working_time(start, span)
    back = cal.add_working_time(end, -span)
    # Equal, or the same moment seen from the other side of a break (end of one session = start of next).
    assert cal.working_time_between(back, start) == ZERO


@settings(max_examples=150, deadline=None)
@given(flips, moments, spans, spans)
def test_adding_in_two_steps_equals_adding_once(flipped, start, first, second):
    cal = make_calendar(flipped)
    once = cal.add_working_time(start, first + second)
    twice = cal.add_working_time(cal.add_working_time(start, first), second)
    assert cal.working_time_between(once, twice) == ZERO


@settings(max_examples=150, deadline=None)
@given(flips, moments)
def test_next_working_moment_is_inside_a_session_on_a_working_day(flipped, moment):
    cal = make_calendar(flipped)
    nxt = cal.next_working_moment(moment)
    assert nxt >= moment
    assert cal.is_working_day(nxt.date())
    assert any(start <= nxt.time() < end for start, end in SESSIONS)
    assert cal.working_time_between(moment, nxt) == ZERO


@settings(max_examples=100, deadline=None)
@given(flips, moments, spans)
def test_pausing_and_resuming_at_once_keeps_the_deadline(flipped, received, limit):
    cal = make_calendar(flipped)
    due = cal.due_at(received, limit)
    pause = cal.next_working_moment(received)
    left = cal.working_time_between(pause, due)
    assert cal.working_time_between(due, cal.add_working_time(pause, left)) == ZERO


def _scan_next_working_moment(cal: WorkingCalendar, moment: dt.datetime) -> dt.datetime:
    """The definition, session by session (the engine answers from its year indexes)."""
    moment = cal.local(moment)
    for start, end in cal._sessions_from(moment.date(), 1):
        if moment < end:
            return max(start, moment)
    raise AssertionError("unreachable")


micro_moments = st.integers(min_value=0, max_value=700 * 86_400 * 10**6).map(
    lambda us: START + dt.timedelta(microseconds=us)
)
long_spans = st.integers(min_value=1, max_value=400 * 8 * 3600 * 10**6).map(
    lambda us: dt.timedelta(microseconds=us)
)


@settings(max_examples=300, deadline=None)
@given(flips, micro_moments, long_spans)
def test_the_year_index_agrees_with_the_session_by_session_definition(flipped, start, span):
    """Spans up to 400 working days cross years; moments to the microsecond, inside and outside sessions."""
    cal = make_calendar(flipped)
    assert cal.add_working_time(start, span) == cal._scan_working_time(start, span)
    assert cal.next_working_moment(start) == _scan_next_working_moment(cal, start)


@settings(max_examples=100, deadline=None)
@given(flips, st.sampled_from([0, 1, 2, 3]), spans)
def test_the_index_agrees_at_session_edges(flipped, edge, span):
    """Starting exactly at a session's start or end, or one microsecond either side of it."""
    cal = make_calendar(flipped)
    day = cal.next_working_moment(START + dt.timedelta(days=100))
    begin, end = cal._sessions_from(day.date(), 1).__next__()
    start = [begin, end, begin - dt.timedelta(microseconds=1), end + dt.timedelta(microseconds=1)][edge]
    assert cal.add_working_time(start, span) == cal._scan_working_time(start, span)
    assert cal.next_working_moment(start) == _scan_next_working_moment(cal, start)


def _us(moment: dt.datetime) -> int:
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


@settings(max_examples=300, deadline=None)
@given(flips, micro_moments, long_spans)
def test_the_microsecond_answers_are_the_datetime_answers(flipped, start, span):
    """The bulk generator's calls on microseconds since 1970 give the same moments as the datetime ones."""
    cal = make_calendar(flipped)
    t = _us(start)
    assert cal.add_working_micros(t, span // dt.timedelta(microseconds=1)) == _us(
        cal.add_working_time(start, span)
    )
    assert cal.add_working_micros(t, 0) == t
    assert cal.next_working_micros(t) == _us(cal.next_working_moment(start))
    assert cal.local_date_micros(t) == cal.local(start).date()


new_year_moments = st.integers(min_value=-2 * 86_400 * 10**6, max_value=2 * 86_400 * 10**6).map(
    lambda us: dt.datetime(2026, 1, 1, tzinfo=TZ) + dt.timedelta(microseconds=us)
)


@settings(max_examples=200, deadline=None)
@given(flips, new_year_moments, spans, zones)
def test_the_microsecond_answers_around_new_year_and_in_other_zones(flipped, start, span, zone):
    """The local year and date of a microsecond moment (which year index it reads) at the turn of the year,
    in zones whose offsets are not whole hours or change (+05:45; -03:30 with summer time)."""
    cal = make_calendar(flipped, zone)
    start = start.astimezone(ZoneInfo(zone))
    t = _us(start)
    assert cal.local_date_micros(t) == start.date()
    assert cal.add_working_micros(t, span // dt.timedelta(microseconds=1)) == _us(
        cal.add_working_time(start, span)
    )
    assert cal.next_working_micros(t) == _us(cal.next_working_moment(start))


@settings(max_examples=300, deadline=None)
@given(flips, micro_moments, micro_moments)
def test_working_time_between_by_the_index_agrees_with_the_day_by_day_definition(flipped, a, b):
    """Moments to the microsecond up to two years apart, in either order (across new year too)."""
    cal = make_calendar(flipped)
    assert cal.working_time_between(a, b) == cal._scan_working_time_between(a, b)


@settings(max_examples=100, deadline=None)
@given(flips, st.sampled_from([0, 1, 2, 3]), st.sampled_from([0, 1, 2, 3]), st.integers(0, 40))
def test_working_time_between_agrees_at_session_edges(flipped, edge_a, edge_b, days):
    """From and to a session's start or end, or one microsecond either side of it."""
    cal = make_calendar(flipped)
    first = cal._sessions_from(cal.next_working_moment(START + dt.timedelta(days=100)).date(), 1)
    begin, end = next(first)
    later = cal._sessions_from((begin + dt.timedelta(days=days)).date(), 1)
    begin2, end2 = next(later)
    one = dt.timedelta(microseconds=1)
    a = [begin, end, begin - one, end + one][edge_a]
    b = [begin2, end2, begin2 - one, end2 + one][edge_b]
    assert cal.working_time_between(a, b) == cal._scan_working_time_between(a, b)
    assert cal.working_time_between(b, a) == cal._scan_working_time_between(b, a)


@settings(max_examples=100, deadline=None)
@given(flips, new_year_moments, new_year_moments, zones)
def test_working_time_between_around_new_year_and_in_other_zones(flipped, a, b, zone):
    """Which year's index each end reads, at the turn of the year, in zones with +05:45 and summer time;
    the ends given in another zone than the calendar's."""
    cal = make_calendar(flipped, zone)
    assert cal.working_time_between(a, b.astimezone(ZoneInfo(zone))) == cal._scan_working_time_between(a, b)


summer_time_moments = st.integers(min_value=-3 * 86_400 * 10**6, max_value=3 * 86_400 * 10**6).flatmap(
    lambda us: st.sampled_from(
        [dt.datetime(2026, 3, 8, 12, tzinfo=dt.UTC), dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)]
    ).map(lambda change: change + dt.timedelta(microseconds=us))
)


@settings(max_examples=100, deadline=None)
@given(flips, summer_time_moments, summer_time_moments)
def test_working_time_between_across_a_change_of_summer_time(flipped, a, b):
    """Around the days St John's (-03:30/-02:30) changes its clocks in 2026, moments given in UTC."""
    cal = make_calendar(flipped, "America/St_Johns")
    assert cal.working_time_between(a, b) == cal._scan_working_time_between(a, b)


years_apart = st.integers(min_value=0, max_value=5 * 365 * 86_400 * 10**6).map(
    lambda us: START + dt.timedelta(microseconds=us)
)


@settings(max_examples=30, deadline=None)
@given(flips, micro_moments, years_apart)
def test_working_time_between_years_apart(flipped, a, b):
    """Up to five years apart: whole years between the ends counted by their totals."""
    cal = make_calendar(flipped)
    assert cal.working_time_between(a, b) == cal._scan_working_time_between(a, b)


def test_working_time_up_to_the_last_year_a_date_holds():
    cal = make_calendar(set())
    end = dt.datetime(9999, 12, 31, 16, 0, tzinfo=TZ)
    start = dt.datetime(9998, 12, 30, 9, 0, tzinfo=TZ)
    # 9999 has 261 weekdays of eight hours; its 31 December is a Friday, and 16:00 is an hour before its end.
    first = dt.datetime(9999, 1, 1, tzinfo=TZ)
    assert cal.working_time_between(first, end) == dt.timedelta(hours=261 * 8 - 1)
    assert cal.working_time_between(start, end) > dt.timedelta(hours=261 * 8)
    assert cal.add_working_time(end, dt.timedelta(0)) == end
