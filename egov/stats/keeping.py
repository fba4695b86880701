"""Keeping the summary tables current: in the transaction of each move, the dossier's contribution before
the move is taken away and its contribution after is added (an upsert `count = count ± 1` per changed key).

A dossier's contribution is a pure function of its row (`dossier_keys`) and of its finished step visits
(`visit_keys`); `rebuild_stats` adds up the same functions over every dossier, and `check_stats` recounts
independently with SQL (egov.stats.recount). Cost: a read of the dossier's finished visits (a second one
only when the move finished a visit) and one upsert for the rows that changed (docs/stats.md,
docs/performance.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import Counter, namedtuple
from decimal import Decimal
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from egov.core import statements
from egov.dossiers.models import PAUSED, RUNNING, Outcome, Status, StepVisit, Timeliness
from egov.stats.models import (
    NO_DUE,
    DayFigure,
    Measure,
    MonthFigure,
    OpenFigure,
    OpenState,
    StatsState,
    StepAgencyMonthFigure,
    StepFigure,
    StepMonthFigure,
)

#: Upper bounds (working hours) of the step-duration buckets; the last bucket is everything above.
BUCKETS: tuple[int, ...] = (1, 2, 4, 8, 12, 16, 24, 32, 40, 56, 80, 120, 160, 240, 320, 480)

#: The statuses whose day is the moment the dossier entered them (`status_changed_at`).
CLOSED_MEASURES = {
    Status.NOT_ACCEPTED: Measure.NOT_ACCEPTED,
    Status.WITHDRAWN: Measure.WITHDRAWN,
    Status.STOPPED: Measure.STOPPED,
    Status.ABANDONED: Measure.ABANDONED,
}
#: The channels other than the counter's own desk, each its measure (at the desk: received minus these).
CHANNEL_MEASURES = {"online": Measure.RECEIVED_ONLINE, "post": Measure.RECEIVED_POST}
TIMELINESS_MEASURES = {
    Timeliness.EARLY: Measure.EARLY,
    Timeliness.ON_TIME: Measure.ON_TIME,
    Timeliness.LATE: Measure.LATE,
}
#: The dossier columns `dossier_keys` reads (rebuild_stats fetches only these).
COLUMNS = (
    "status",
    "outcome",
    "timeliness",
    "submitted_at",
    "received_at",
    "finished_at",
    "returned_at",
    "status_changed_at",
    "paused_at",
    "due_at",
    "correction_due_at",
    "receiving_agency_id",
    "competent_agency_id",
    "current_agency_id",
    "procedure_id",
    "handler_id",
    "channel",
    "apologies",
)

Key = tuple[Any, ...]


def bucket_of(hours: Decimal | float) -> int:
    return bisect.bisect_left(BUCKETS, hours)


def _day(moment: dt.datetime) -> dt.date:
    """The province's day of a moment: `timezone.localdate` in the deployment's zone, read once (no zone is
    ever activated per request), without the thread-local look-up of the current zone on every call (seven
    calls per move)."""
    if moment.tzinfo is None:
        return timezone.localdate(moment)  # which refuses a naive moment, as before
    return moment.astimezone(timezone.get_default_timezone()).date()


def due_hour(moment: dt.datetime) -> dt.datetime:
    """The hour a due moment falls in (minutes and seconds cut off; whole-hour offsets, so the same hour in
    UTC and in Vietnam's time)."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def dossier_keys(d: Any) -> Counter[Key]:
    """What one dossier adds to the day and open tables, as it is now. `d` is a Dossier or any object with
    the attributes named in COLUMNS."""
    keys: Counter[Key] = Counter()
    # Counted for the agency that resolves it (a department's dossier received at the provincial centre
    # counts for the department) and, in the same row, for the counter that received it (the counter's
    # view); while open, where it sits now.
    agency, procedure, counter = d.competent_agency_id, d.procedure_id, d.receiving_agency_id or 0

    def day(moment: dt.datetime, measure: str) -> None:
        keys[("day", _day(moment), agency, procedure, measure, counter)] += 1

    if d.submitted_at is not None:
        day(d.submitted_at, Measure.SUBMITTED)
    if d.received_at is not None:
        day(d.received_at, Measure.RECEIVED)
        if d.channel in CHANNEL_MEASURES:
            day(d.received_at, CHANNEL_MEASURES[d.channel])
    if d.finished_at is not None and d.outcome:
        measure = TIMELINESS_MEASURES.get(d.timeliness)
        if measure is not None:
            day(d.finished_at, measure)
        if measure == Measure.LATE and d.apologies:
            day(d.finished_at, Measure.APOLOGISED)
        if d.outcome == Outcome.REFUSED:
            day(d.finished_at, Measure.REFUSED)
    if d.returned_at is not None:
        day(d.returned_at, Measure.RETURNED)
    if d.status in CLOSED_MEASURES:
        day(d.status_changed_at, CLOSED_MEASURES[d.status])
    here = d.current_agency_id or d.receiving_agency_id
    handler = d.handler_id or 0
    if d.status == Status.SUBMITTED:
        keys[("open", here, procedure, handler, OpenState.SUBMITTED, NO_DUE, 0)] += 1
    if d.status in PAUSED:
        keys[("open", here, procedure, handler, OpenState.WAITING, NO_DUE, 0)] += 1
    if d.status == Status.RESOLVED:
        # Not where it sits: the counter hands the result back; no handler, so no row per officer.
        keys[("open", agency, procedure, 0, OpenState.READY, NO_DUE, counter)] += 1
    # The clock runs: the same rule as egov.dossiers.deadlines.running_q; due is the counting due moment.
    running = d.status in RUNNING or (
        d.status in PAUSED and d.paused_at is None and d.received_at is not None
    )
    due = d.correction_due_at or d.due_at
    if running and due is not None:
        keys[("open", here, procedure, handler, OpenState.RUNNING, due_hour(due), 0)] += 1
    return keys


def visit_keys(visits: Any) -> Counter[Key]:
    """What finished step visits add to the step table. `visits`: rows with step_id, agency_id, handler_id,
    finished_at, spent_hours, timeliness."""
    keys: Counter[Key] = Counter()
    for v in visits:
        if v.finished_at is None or v.spent_hours is None:
            continue
        late = v.timeliness == Timeliness.LATE
        keys[
            (
                "step",
                _day(v.finished_at),
                v.step_id,
                v.agency_id,
                v.handler_id or 0,
                bucket_of(v.spent_hours),
                late,
            )
        ] += 1
    return keys


VisitRow = namedtuple("VisitRow", "step_id agency_id handler_id finished_at spent_hours timeliness")


def _visits_of(dossier_id: int) -> list[Any]:
    """The dossier's finished step visits as named rows, read twice in every move: the statement is built by
    the ORM once per process and database, then run with the dossier's key (building it was most of the
    read's time), its values converted as the ORM converts them."""
    db = connections[connection.alias]  # the connection itself, not the proxy: read on every conversion
    sql, converters, compiler = _visits_statement(db.alias, db.vendor)
    with statements.cursor(db) as cursor:
        cursor.execute(sql, [dossier_id])
        rows: Any = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [VisitRow(*row) for row in rows]


@functools.cache
def _visits_statement(alias: str, vendor: str) -> tuple[str, Any, Any]:
    placeholder = -1
    query = StepVisit.objects.filter(dossier_id=placeholder, finished_at__isnull=False).values_list(
        *VisitRow._fields
    )
    compiler = query.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    if tuple(params) != (placeholder,):  # the dossier's key must be the statement's only value
        raise RuntimeError(f"unexpected parameters {params!r} in the step visits' statement")
    converters = compiler.get_converters([column for column, *_ in compiler.select[: compiler.col_count]])
    return sql, converters, compiler


def with_months(keys: Counter[Key]) -> Counter[Key]:
    """The keys with each day key also added up into its month: ("day", …) into ("month", …), ("step", …)
    into ("stepmonth", …) and, without its handler, into ("stepagency", …), the month named by its first
    day. The keeping and the recount both roll up this way, so a month row equals the sum of its day rows
    or check_stats says it does not."""
    out: Counter[Key] = Counter(keys)
    for key, n in keys.items():
        kind = key[0]
        if kind == "day":
            out[("month", key[1].replace(day=1), *key[2:])] += n
        elif kind == "step":
            _step, day, step, agency, _handler, bucket, late = key
            month = day.replace(day=1)
            out[("stepmonth", month, *key[2:])] += n
            out[("stepagency", month, step, agency, bucket, late)] += n
    return out


def finished_visits(d: Any) -> list[Any]:
    """The dossier's finished step visits as `visit_keys` reads them, to give to `snapshot`."""
    return _visits_of(d.pk)


def snapshot(d: Any, visits: list[Any] | None = None) -> Counter[Key]:
    """The dossier's whole contribution now (call before a move and again after it). `visits`: its finished
    step visits (`finished_visits`), when the caller knows them still to be as read; else they are read."""
    rows = _visits_of(d.pk) if visits is None else visits
    return with_months(dossier_keys(d) + visit_keys(rows))


def new_dossier(d: Any) -> None:
    """A dossier was just created (receipt, online submission): add it."""
    apply(Counter(), snapshot(d))


def apply(before: Counter[Key], after: Counter[Key]) -> None:
    """Write the difference between two contributions, in the caller's transaction: one upsert per table
    whose rows change (`INSERT … ON CONFLICT (key) DO UPDATE SET count = count + excluded.count`, SQLite
    and PostgreSQL alike), the rows in key order so two moves lock shared rows in the same order."""
    delta: Counter[Key] = Counter(after)
    delta.subtract(before)
    changes: dict[str, list[tuple[Any, ...]]] = {}
    for key, change in sorted((key, change) for key, change in delta.items() if change):
        changes.setdefault(key[0], []).append((*key[1:], change))
    for table, rows in changes.items():
        _upsert(table, rows)
        emptied = [tuple(row[:-1]) for row in rows if row[-1] < 0]
        if emptied:
            _delete_empty(table, emptied)
    if changes:
        _note_written()


#: Per database: the minute this process last noted, once its transaction committed (then the process's
#: other moves of that minute skip the statement).
_noted: dict[str, dt.datetime] = {}


def _note_written(now: dt.datetime | None = None) -> None:
    """Note the moment the summaries were written, to the minute: only the first move of a minute updates
    the row; the others' UPDATE matches nothing (on PostgreSQL a move may wait for that first move's
    transaction once a minute, never longer), and once this process's note has committed, its other moves
    of that minute send no statement at all."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    alias = connection.alias
    if _noted.get(alias) == minute:
        return
    stale = Q(written_at__lt=minute) | Q(written_at=None)
    StatsState.objects.filter(stale, pk=1).update(written_at=now)
    transaction.on_commit(lambda: _noted.__setitem__(alias, minute))


#: Each table of a key: its model and the key's columns in order.
TABLES: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "day": (DayFigure, ("day", "agency", "procedure", "measure", "counter")),
    "month": (MonthFigure, ("month", "agency", "procedure", "measure", "counter")),
    "open": (OpenFigure, ("agency", "procedure", "handler", "state", "due_hour", "counter")),
    "step": (StepFigure, ("day", "step", "agency", "handler", "bucket", "late")),
    "stepmonth": (StepMonthFigure, ("month", "step", "agency", "handler", "bucket", "late")),
    "stepagency": (StepAgencyMonthFigure, ("month", "step", "agency", "bucket", "late")),
}


def _upsert(table: str, rows: list[tuple[Any, ...]]) -> None:
    """Add each row's last value to the count of the row of its key, inserting the rows not there yet. One
    statement for all the rows of a table, where an UPDATE per key (and, the first time, a savepoint and an
    INSERT) made up to a third of a move's statements (docs/performance.md). The unique key of each table
    is exactly its key's columns, so a concurrent first insert of the same key turns into the update. The
    statement is built once per process, table and number of rows (a move changes 2-8 rows of a table)."""
    db = connections[connection.alias]  # the connection itself, not the proxy: read on every conversion
    sql, fields = _upsert_statement(db.alias, table, len(rows))
    params: list[Any] = []
    for *values, change in rows:
        params += [f.get_db_prep_value(v, db) for f, v in zip(fields, values, strict=True)]
        params.append(change)
    with statements.cursor(db) as cursor:
        cursor.execute(sql, params)


def _delete_empty(table: str, keys: list[tuple[Any, ...]]) -> None:
    """Delete the rows of these keys that now count nothing. A dossier leaves an open row behind at nearly
    every move (its due hour, state or handler is part of the key), so without this the open table would
    keep a row at zero for almost every dossier ever handled, and "open now" (which reads the whole table)
    would slow down month after month. Safe beside concurrent moves: a row reaches zero only when no
    dossier is counted there (each dossier's moves are serialised by its row lock), and a move adding one
    to the key later inserts it again (PostgreSQL's ON CONFLICT retries once the deleted row is gone)."""
    db = connections[connection.alias]
    sql, fields = _delete_statement(db.alias, table, len(keys))
    params: list[Any] = []
    for values in keys:
        params += [f.get_db_prep_value(v, db) for f, v in zip(fields, values, strict=True)]
    with statements.cursor(db) as cursor:
        cursor.execute(sql, params)


@functools.cache
def _delete_statement(alias: str, table: str, count_of_keys: int) -> tuple[str, list[Any]]:
    model, columns = TABLES[table]
    fields = [model._meta.get_field(c) for c in columns]
    quote = connections[alias].ops.quote_name
    one = "(" + " AND ".join(f"{quote(f.column)} = %s" for f in fields) + ")"
    sql = (
        f"DELETE FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('count')} = 0 AND ({' OR '.join([one] * count_of_keys)})"
    )
    return sql, fields


@functools.cache
def _upsert_statement(alias: str, table: str, count_of_rows: int) -> tuple[str, list[Any]]:
    model, columns = TABLES[table]
    fields = [model._meta.get_field(c) for c in columns]
    quote = connections[alias].ops.quote_name
    name = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)
    count = quote("count")
    one = f"({', '.join(['%s'] * (len(fields) + 1))})"
    sql = (
        f"INSERT INTO {name} ({names}, {count}) VALUES {', '.join([one] * count_of_rows)} "
        f"ON CONFLICT ({names}) DO UPDATE SET {count} = {name}.{count} + excluded.{count}"
    )
    return sql, fields
