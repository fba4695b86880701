"""SQL kept compiled per key (egov.core.kept_sql) answers what the ORM answers at every moment, is compiled
once per key, and is caught by the tests' check when its key misses something its SQL depends on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from egov.core import kept_sql
from egov.core.models import AuditEntry, CalendarDay

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


@pytest.fixture
def entries() -> None:
    for hours in range(6):
        AuditEntry.objects.create(at=T0 + dt.timedelta(hours=hours), action=f"a{hours}", object_type="t")
    for day in (1, 5, 9):
        CalendarDay.objects.create(date=dt.date(2031, 4, day), kind="holiday", name=f"d{day}")


def _between(action_prefix: str) -> kept_sql.Compile:
    def compile(since: dt.datetime, until: dt.datetime, day: dt.date) -> tuple[str, Any]:
        audit = AuditEntry.objects.filter(action__startswith=action_prefix, at__gte=since, at__lt=until)
        days = CalendarDay.objects.filter(date__lte=day)
        sql, params = audit.order_by("at").values_list("action").query.sql_with_params()
        # A second statement with the date, in one: the shape the home page's counts have.
        count_sql, count_params = days.values("pk").query.sql_with_params()
        return f"SELECT * FROM ({sql}) a WHERE (SELECT COUNT(*) FROM ({count_sql}) d) >= 0", [
            *params,
            *count_params,
        ]

    return compile


def test_each_moment_is_put_where_its_stand_in_was(entries) -> None:
    kept_sql.forget()
    compiled = _between("a")
    for hours in range(7):
        since, until = T0 + dt.timedelta(hours=hours), T0 + dt.timedelta(hours=hours + 2)
        sql, params = kept_sql.compiled(("test", "a"), compiled, since, until, dt.date(2031, 4, 5))
        rows = AuditEntry.objects.filter(at__gte=since, at__lt=until).order_by("at")
        expected = [(e.action,) for e in rows]
        assert _rows(sql, params) == expected
        fresh_sql, fresh_params = compiled(since, until, dt.date(2031, 4, 5))
        assert (sql, params) == (fresh_sql, list(fresh_params))


def test_a_key_is_compiled_once_and_the_table_stays_bounded(entries, monkeypatch) -> None:
    kept_sql.forget()
    monkeypatch.setattr(kept_sql, "CHECK", False)
    calls: list[int] = []
    base = _between("a")

    def counting(*moments: Any) -> tuple[str, Any]:
        calls.append(1)
        return base(*moments)

    for hours in range(5):
        at = T0 + dt.timedelta(hours=hours)
        kept_sql.compiled(("test", "once"), counting, at, at + dt.timedelta(hours=1), dt.date(2031, 4, 1))
    assert len(calls) == 2  # twice on first use, with two sets of stand-ins; never again
    monkeypatch.setattr(kept_sql, "LIMIT", 3)
    for n in (0, 1, 2, 0, 3, 4):  # 0 used again before 3 and 4 came: 1 and 2 went, the least recently used
        kept_sql.compiled(("test", n), counting, T0, T0, dt.date(2031, 4, 1))
    assert [key[1] for key in kept_sql._table] == [("test", 0), ("test", 3), ("test", 4)]


def test_a_key_that_misses_what_the_sql_depends_on_fails_the_check(entries) -> None:
    kept_sql.forget()
    kept_sql.compiled(("test", "same key"), _between("a1"), T0, T0, dt.date(2031, 4, 1))
    with pytest.raises(AssertionError, match="same key"):
        kept_sql.compiled(("test", "same key"), _between("a2"), T0, T0, dt.date(2031, 4, 1))


def test_a_moment_turned_into_another_inside_compile_fails_the_check(entries) -> None:
    kept_sql.forget()

    def derived(now: dt.datetime) -> tuple[str, Any]:
        # The limit is made from `now` here: kept, it would stay the stand-in's hour forever.
        rows = AuditEntry.objects.filter(at__lt=now + dt.timedelta(hours=1)).values_list("action")
        return rows.query.sql_with_params()

    with pytest.raises(AssertionError, match="derived"):
        kept_sql.compiled(("test", "derived"), derived, timezone.now())


def test_an_unused_moment_is_allowed_and_changes_nothing(entries) -> None:
    kept_sql.forget()

    def only_first(since: dt.datetime, _unused: dt.datetime) -> tuple[str, Any]:
        return AuditEntry.objects.filter(at__gte=since).values_list("action").query.sql_with_params()

    sql, params = kept_sql.compiled(("test", "unused"), only_first, T0 + dt.timedelta(hours=4), T0)
    assert sorted(_rows(sql, params)) == [("a4",), ("a5",)]


def test_a_value_that_equals_a_stand_in_stays_what_it_is(entries) -> None:
    """On SQLite a moment reaches the statement as text: a typed value with the same text is no moment."""
    kept_sql.forget()
    typed = str(connection.ops.adapt_datetimefield_value(kept_sql._stand_in(0, False, 0)))
    AuditEntry.objects.create(at=T0, action=typed, object_type="t")

    def compile(since: dt.datetime) -> tuple[str, Any]:
        rows = AuditEntry.objects.filter(action=typed, at__gte=since).values_list("action")
        return rows.query.sql_with_params()

    sql, params = kept_sql.compiled(("test", "typed"), compile, T0 - dt.timedelta(hours=1))
    assert typed in params and _rows(sql, params) == [(typed,)]


def test_sql_whose_shape_follows_the_moment_is_refused(entries) -> None:
    kept_sql.forget()

    def shaped(now: dt.datetime) -> tuple[str, Any]:
        rows = AuditEntry.objects.filter(at__lt=now)
        rows = rows.filter(action="a1") if now.month == 1 else rows
        return rows.values_list("action").query.sql_with_params()

    with pytest.raises(RuntimeError, match="changes with the moments"):
        kept_sql.compiled(("test", "shaped"), shaped, T0)
