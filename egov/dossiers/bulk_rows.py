"""Rows written straight to a table for the bulk generator (development and benchmarks only): tuples of
values in, `executemany` on SQLite and `COPY` on PostgreSQL out, with the primary keys given by the
generator so the rows of other tables can point at them before anything is written.

Why not `bulk_create`: at a million dossiers Django's per-value preparation was most of the generator's time
(docs/performance.md, "The bulk generator"). Here a table is told once which attributes the generator gives
(`Table(model, now, given)`), in which order; every other column takes its model default, worked out once
into a constant tail that each row gets by one tuple concatenation. The values are what the ORM would write:
defaults from the model fields, `auto_now_add` as the generator's clock, date-times as Django stores them
(SQLite: naive UTC text; PostgreSQL: the same moment in UTC as text), JSON as text.

While loading (`loading`), the rows go in without a foreign-key look-up each: on SQLite as Django's
`loaddata` does, with a 256 MB page cache besides (together a little over a third of the insert time); on
PostgreSQL when the session may (a superuser's `session_replication_role = replica`, only if the tables
have no trigger of their own), where the deferred checks at each commit had taken longer than the COPY
itself (docs/performance.md). The references of the rows written are checked once at the end instead, by
one anti-join per foreign key over the new ids only, so a top-up of a large set does not read the old rows
again.

Date-times come from the generator as whole microseconds since 1970 (UTC) and are written by `Moments`: text
built from a day's prefix and a second's clock read from tables, without a `datetime` per value (building
and converting one was a third of the generator's time per row).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, models

_EPOCH_DAY = dt.date(1970, 1, 1)


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # django.db.backends.sqlite3.operations.adapt_datetimefield_value with USE_TZ: naive UTC, str().
    return None if value is None else str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _json(value: Any) -> str:
    return json.dumps(value)


class Moments:
    """Microseconds since 1970 (UTC) as the database column takes them: on SQLite the text Django writes
    (`str` of the naive UTC datetime: "2025-01-24 03:42:28.989072", no fraction when it is zero); on
    PostgreSQL the same text with "+00:00", which COPY reads as that moment."""

    def __init__(self) -> None:
        self.suffix = "" if connection.vendor == "sqlite" else "+00:00"
        self._days: dict[int, str] = {}
        self._clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)]

    def __call__(self, t: int) -> str:
        seconds, micro = divmod(t, 1_000_000)
        day, second = divmod(seconds, 86_400)
        head = self._days.get(day)
        if head is None:
            head = self._days[day] = f"{_EPOCH_DAY + dt.timedelta(days=day)} "
        if micro:
            return f"{head}{self._clock[second]}.{micro:06d}{self.suffix}"
        return head + self._clock[second] + self.suffix


class Table:
    """One model's table: the attributes the generator gives, in its order, then every other column with its
    default (`tail`). A row is `given_values + table.tail`, appended to `rows`."""

    def __init__(self, model: type[models.Model], now: dt.datetime, given: Sequence[str]) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(given) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column for {sorted(unknown)}")
        sqlite = connection.vendor == "sqlite"
        #: Every column's default as the database takes it.
        self.defaults: dict[str, Any] = {}
        for name, f in fields.items():
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value: Any = now
            elif f.primary_key:
                value = None
            else:
                value = f.get_default()
            if value is not None and isinstance(f, models.DateTimeField) and sqlite:
                value = _sqlite_datetime(value)
            elif value is not None and isinstance(f, models.JSONField):
                value = _json(value)
            self.defaults[name] = value
        rest = [name for name in fields if name not in given]
        self.columns = [fields[name].column for name in (*given, *rest)]
        self.tail = tuple(self.defaults[name] for name in rest)
        self.rows: list[tuple[Any, ...]] = []

    def next_id(self) -> int:
        """The first free primary key (the generator is the only writer while it runs)."""
        top = self.model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return int(top or 0) + 1

    def write(self) -> int:
        """Write the rows added so far and forget them; the number written."""
        rows = self.rows
        if rows:
            _write(self.model._meta.db_table, self.columns, rows)
        count = len(rows)
        rows.clear()  # the same list: the generator keeps its `append`
        return count

    def reset_sequence(self) -> None:
        """PostgreSQL: move the table's id sequence past the ids the generator gave (SQLite's AUTOINCREMENT
        follows the largest id on its own)."""
        if connection.vendor != "postgresql":
            return
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))",
                [table],
            )


def _write(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # psycopg 3's own cursor: COPY
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {q(table)} ({names}) VALUES ({marks})", rows)


#: SQLite's page cache while loading, in KiB (the default is 2 MB): the tables' many indexes are written in
#: an order of their own each, and every page read again from the file cost time.
CACHE_KIB = 262_144


@contextmanager
def loading(*tables: Table) -> Iterator[None]:
    """Write `tables` faster (no foreign-key look-up per row; on SQLite a larger page cache), then check
    the references of the rows added meanwhile. Inside a transaction (the tests) SQLite cannot turn the
    checks off: they stay on, and the check at the end runs all the same."""
    first = {table: table.next_id() for table in tables}
    if connection.vendor == "postgresql":
        if not may_skip_triggers(tables):
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
            for table, start in first.items():
                check_references(table.model, start)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET session_replication_role")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        with connection.constraint_checks_disabled():
            yield
        for table, start in first.items():
            check_references(table.model, start)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def may_skip_triggers(tables: Sequence[Table]) -> bool:
    """PostgreSQL: whether this session may turn the foreign keys' triggers off (a superuser's
    `session_replication_role`) and the tables have no trigger of their own that it would turn off too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY(%s::regclass[])",
            [[t.model._meta.db_table for t in tables]],
        )
        return int(cursor.fetchone()[0]) == 0


def check_references(model: type[models.Model], first_id: int) -> None:
    """Raise IntegrityError if a row of `model` from `first_id` on points at a row that does not exist."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    with connection.cursor() as cursor:
        for f in model._meta.concrete_fields:
            if not f.is_relation or not getattr(f, "db_constraint", False):
                continue
            target = f.target_field  # type: ignore[attr-defined]
            parent = q(target.model._meta.db_table)
            cursor.execute(
                f"SELECT t.id, t.{q(f.column)} FROM {table} t LEFT JOIN {parent} p "
                f"ON p.{q(target.column)} = t.{q(f.column)} "
                f"WHERE t.id >= %s AND t.{q(f.column)} IS NOT NULL AND p.{q(target.column)} IS NULL LIMIT 1",
                [first_id],
            )
            broken = cursor.fetchone()
            if broken is not None:
                raise IntegrityError(
                    f"{model._meta.db_table} row {broken[0]}: {f.column} = {broken[1]} points at no row"
                )
