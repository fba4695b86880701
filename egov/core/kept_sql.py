"""SQL compiled once per key, whose only changing parts are moments (the current time, the start of today).

The staff home counts each work queue and the documents waiting, and a queue page reads its dossiers' keys;
each is a filter built from the viewer's grants and the clock, and the ORM built and compiled those filters
anew on every request — more CPU than the database took to answer them (docs/performance.md, "The home's
counts and a queue's page kept compiled"). Their SQL depends on the viewer (grants, agencies, own key) and
on the moment only through parameters, so here it is compiled once per `key` — which names everything the
SQL depends on but the moments — with stand-in moments, and each call puts the real moments where the
stand-ins were.

`core.statements` serves the statements whose shape is fixed per process (int and str parameters); these
are shaped by the viewer, so they are kept in a bounded table per process. `rows` runs them as
`core.statements` runs its own: prepared on PostgreSQL, each connection keeping psycopg's most recently used
100.

A key that misses something the SQL depends on would run another viewer's or another day's SQL, so the
tests set `CHECK` and every call then compiles the SQL again and compares (tests/core/test_kept_sql.py, and
every test that opens a home page or a queue).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections

from egov.core import statements

__all__ = ["CHECK", "LIMIT", "compiled", "forget", "rows"]

Moment = dt.datetime | dt.date
Compile = Callable[..., tuple[str, Sequence[Any]]]

#: Compile anew on every call and compare with the kept SQL (the tests set it).
CHECK = False
#: Kept statements per process (a few per member of staff at work: the home's two, a queue page's); the least
#: recently used goes first.
LIMIT = 4096


class _Kept(NamedTuple):
    sql: str
    params: tuple[Any, ...]
    #: (position in params, index of the moment) for each parameter that is a moment.
    slots: tuple[tuple[int, int], ...]


_table: dict[Hashable, _Kept] = {}


def compiled(
    key: Hashable, compile: Compile, *moments: Moment, using: str = DEFAULT_DB_ALIAS
) -> tuple[str, list[Any]]:
    """The SQL and parameters `compile(*moments)` returns, compiled once per `key` and kinds of moments.

    `compile` builds its QuerySets from the moments it is given and returns `query.sql_with_params()` (or
    SQL made of such parts); it must use each moment as a column's value only (compared, not turned into
    another moment: a limit derived from the current time is a moment of its own)."""
    connection = connections[using]
    full = (using, key, tuple(type(m) is dt.date for m in moments))
    kept = _table.pop(full, None)
    if kept is None:
        kept = _compile(connection, compile, moments)
        if len(_table) >= LIMIT:
            _drop_oldest()
    _table[full] = kept
    params = list(kept.params)
    if kept.slots:
        values = [_adapt(connection, m) for m in moments]
        for position, index in kept.slots:
            params[position] = values[index]
    if CHECK:
        fresh_sql, fresh_params = compile(*moments)
        if (fresh_sql, list(fresh_params)) != (kept.sql, params):
            raise AssertionError(f"kept SQL of {key!r} is not what its QuerySets compile to now")
    return kept.sql, params


def rows(key: Hashable, compile: Compile, *moments: Moment, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """The rows of `compiled(key, compile, *moments)`, run as `core.statements` runs its statements: on
    PostgreSQL bound and prepared on the server, so the server plans it once per connection (the home's
    counts took 3 ms to plan and 2 ms to run at a million dossiers) rather than on every request."""
    text, params = compiled(key, compile, *moments, using=using)
    with statements.cursor(connections[using]) as cursor:
        cursor.execute(text, params)
        return list(cursor.fetchall())


def forget() -> None:
    """Drop every kept statement (tests that change what a key stands for without changing the key)."""
    _table.clear()


def _drop_oldest() -> None:
    """The least recently used entry out (each use puts its key last). Another thread may have taken it or
    changed the table meanwhile: then nothing is dropped this time."""
    with contextlib.suppress(RuntimeError, StopIteration):
        _table.pop(next(iter(_table)), None)


def _compile(connection: Any, compile: Compile, moments: Sequence[Moment]) -> _Kept:
    """Compiled twice, with two sets of stand-in moments: a parameter is a moment's slot where it is that
    moment's stand-in in both, so a value that merely equals a stand-in (a code typed into a filter, which
    SQLite receives as text like a moment) stays what it is."""
    kinds = [type(m) is dt.date for m in moments]
    compiled = []
    for turn in (0, 1):
        stand_ins = [_stand_in(i, is_date, turn) for i, is_date in enumerate(kinds)]
        text, params = compile(*stand_ins)
        compiled.append((text, list(params), [_adapt(connection, s) for s in stand_ins]))
    (text, params, first), (other_text, other_params, second) = compiled
    if other_text != text or len(other_params) != len(params):
        raise RuntimeError(f"the SQL itself changes with the moments: {text!r}")
    # A moment may go unused (a viewer without the due-soon queue has no due-soon limit); one turned into
    # another value inside `compile` would be kept as it was then, which `CHECK` finds.
    slots = tuple(
        (p, i)
        for p, (value, again) in enumerate(zip(params, other_params, strict=True))
        for i, (a, b) in enumerate(zip(first, second, strict=True))
        if _same(value, a) and _same(again, b)
    )
    return _Kept(text, tuple(params), slots)


def _stand_in(index: int, is_date: bool, turn: int) -> Moment:
    """A moment no filter compares with: a day of January 1900 (a date), its first microseconds; the second
    turn a day of February."""
    if is_date:
        return dt.date(1900, 1 + turn, 1 + index)
    return dt.datetime(1900, 1 + turn, 1, 0, 0, 0, 1 + index, tzinfo=dt.UTC)


def _adapt(connection: Any, moment: Moment) -> Any:
    """The parameter the ORM passes for `moment` compared with a date or date-and-time column."""
    if isinstance(moment, dt.datetime):
        return connection.ops.adapt_datetimefield_value(moment)
    return connection.ops.adapt_datefield_value(moment)


def _same(value: Any, stand_in: Any) -> bool:
    # A date never equals a date and time in Python; the type check keeps a str equal to a str only.
    return type(value) is type(stand_in) and value == stand_in
