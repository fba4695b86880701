"""Deadlines and working time through the public API, on the real national data (synced on migrate).

Office hours are the default 07:30-11:30 and 13:00-17:00 (8 h a day, Labour Code 2019 art. 105).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from egov.core import calendar
from egov.core.calendar import CalendarError

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def test_a_working_day_is_the_sum_of_the_sessions():
    assert calendar.hours_per_day() == Decimal("8")
    assert calendar.due_at(at(2025, 3, 3, 7, 30), 1) == at(2025, 3, 3, 17)
    shorter = [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17))]
    with override_settings(EGOV_OFFICE_HOURS=shorter):
        assert calendar.hours_per_day() == Decimal("7.5")
        assert calendar.due_at(at(2025, 3, 3, 7, 30), 1) == at(2025, 3, 3, 17)
        assert calendar.due_at(at(2025, 3, 3, 9), Decimal("0.5")) == at(2025, 3, 3, 14, 45)
    assert calendar.hours_per_day() == Decimal("8")


def test_deadline_across_tet_2026():
    # Tết 2026: off Saturday 14/02 to Sunday 22/02 (Công văn 9859/VPCP-KGVX of 13/10/2025).
    assert calendar.due_at(at(2026, 2, 13, 9), 1) == at(2026, 2, 23, 9)
    # Friday 16:00 + 3 days (24 h): 1 h on Friday, then 23/02, 24/02 and 7 h of 25/02.
    assert calendar.due_at(at(2026, 2, 13, 16), 3) == at(2026, 2, 25, 16)
    assert calendar.working_hours_between(at(2026, 2, 13, 9), at(2026, 2, 23, 9)) == Decimal("8")


def test_deadline_across_the_30_april_swap_2025():
    # Thông báo 6150/TB-BLĐTBXH: off 30/04–04/05/2025, Saturday 26/04 worked instead of Friday 02/05.
    assert calendar.due_at(at(2025, 4, 29, 10), 2) == at(2025, 5, 6, 10)
    # Received Friday 25/04: the next working day is the make-up Saturday 26/04.
    assert calendar.due_at(at(2025, 4, 25, 10), 1) == at(2025, 4, 26, 10)
    assert calendar.next_working_moment(at(2025, 4, 26, 6)) == at(2025, 4, 26, 7, 30)


def test_half_days():
    # Half a day is half of 8 h = 4 h of office time: the whole morning session.
    assert calendar.add_working_days(at(2025, 3, 3, 7, 30), Decimal("0.5")) == at(2025, 3, 3, 11, 30)
    # From 10:00: 1.5 h to 11:30, 2.5 h from 13:00.
    assert calendar.due_at(at(2025, 3, 3, 10), 0.5) == at(2025, 3, 3, 15, 30)
    # 1.5 days = 12 h: 5.5 h on Monday, 4 h on Tuesday morning, 2.5 h from 13:00.
    assert calendar.due_at(at(2025, 3, 3, 10), Decimal("1.5")) == at(2025, 3, 4, 15, 30)
    assert calendar.due_at(at(2025, 3, 3, 7, 30), 0.25) == at(2025, 3, 3, 9, 30)


def test_receipt_after_office_hours_counts_from_the_next_working_session():
    assert calendar.due_at(at(2025, 3, 3, 17, 30), 1) == at(2025, 3, 4, 17)
    assert calendar.due_at(at(2025, 3, 3, 17, 0), 1) == at(2025, 3, 4, 17)  # 17:00 is closed
    assert calendar.due_at(at(2025, 3, 3, 6, 0), 1) == at(2025, 3, 3, 17)  # before opening
    # At lunch the clock starts at 13:00: 4 h on Monday afternoon, 4 h on Tuesday morning.
    assert calendar.due_at(at(2025, 3, 3, 12, 0), 1) == at(2025, 3, 4, 11, 30)


def test_receipt_on_a_weekend_or_holiday():
    assert calendar.due_at(at(2025, 3, 1, 10), 1) == at(2025, 3, 3, 17)  # Saturday
    assert calendar.due_at(at(2025, 3, 2, 10), 4, unit="hours") == at(2025, 3, 3, 11, 30)  # Sunday
    assert calendar.next_working_moment(at(2025, 9, 2, 9)) == at(2025, 9, 3, 7, 30)  # National Day


def test_limits_in_hours():
    assert calendar.due_at(at(2025, 3, 3, 16), 4, unit="hours") == at(2025, 3, 4, 10, 30)
    assert calendar.add_working_hours(at(2025, 3, 3, 16), Decimal("0.25")) == at(2025, 3, 3, 16, 15)
    assert calendar.due_at(at(2025, 3, 3, 9), 0) == at(2025, 3, 3, 9)


def test_a_deadline_ending_on_a_session_end_stays_there():
    assert calendar.add_working_hours(at(2025, 3, 3, 7, 30), 4) == at(2025, 3, 3, 11, 30)
    assert calendar.add_working_hours(at(2025, 3, 3, 7, 30), 8) == at(2025, 3, 3, 17)
    assert calendar.add_working_hours(at(2025, 3, 3, 7, 30), Decimal("7.5")) == at(2025, 3, 3, 16, 30)


def test_results_are_in_vietnam_time_whatever_the_input_zone():
    received = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
    due = calendar.due_at(received, 1)
    assert due == at(2025, 3, 4, 9)
    assert due.utcoffset() == dt.timedelta(hours=7)


def test_bad_input_is_refused():
    with pytest.raises(CalendarError):
        calendar.due_at(dt.datetime(2025, 3, 3, 9), 1)  # naive
    with pytest.raises(CalendarError):
        calendar.due_at(at(2025, 3, 3, 9), -1)
    with pytest.raises(CalendarError):
        calendar.due_at(at(2025, 3, 3, 9), 1, unit="weeks")


def test_working_time_is_negative_backwards_and_add_goes_back():
    assert calendar.working_hours_between(at(2025, 3, 4, 9), at(2025, 3, 3, 9)) == Decimal("-8")
    assert calendar.add_working_hours(at(2025, 3, 4, 9), -8) == at(2025, 3, 3, 9)
    assert calendar.add_working_days(at(2025, 5, 5, 10), -1) == at(2025, 4, 29, 10)


def test_pause_and_resume_a_dossier_clock():
    due = calendar.due_at(at(2026, 2, 13, 16), 3)  # Wednesday 25/02/2026 16:00
    paused = at(2026, 2, 23, 9)  # 21.5 h left: 6.5 h on Monday, 8 h Tuesday, 7 h Wednesday
    assert calendar.working_hours_between(paused, due) == Decimal("21.5")
    assert calendar.resume_due(due, paused, at(2026, 3, 2, 9)) == at(2026, 3, 4, 16)
    # Resumed on a Saturday: the clock restarts Monday 07:30.
    assert calendar.resume_due(due, paused, at(2026, 2, 28, 9)) == at(2026, 3, 4, 14, 30)


def test_the_version_is_read_once_per_request_not_per_computation(django_assert_num_queries):
    from django.core.signals import request_started
    from django.db import close_old_connections

    calendar.is_working_day(dt.date(2025, 1, 2))
    with django_assert_num_queries(0):
        calendar.due_at(at(2025, 1, 24, 9), 10)
    # What Django's handler sends at each request (minus closing the test's connection, as its test client).
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    with django_assert_num_queries(1):  # the version row only: the tables are still current
        calendar.due_at(at(2025, 1, 24, 9), 10)
        calendar.due_at(at(2025, 1, 27, 9), 10)


def test_year_tables_are_loaded_once(django_assert_num_queries):
    calendar.is_working_day(dt.date(2025, 1, 2))
    with django_assert_num_queries(0):
        calendar.due_at(at(2025, 1, 24, 9), 10)
        calendar.working_hours_between(at(2025, 1, 1), at(2025, 12, 31))
