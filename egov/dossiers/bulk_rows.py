"""Rows written straight to a table for the bulk generator (development and benchmarks only): plain dicts of
attribute values in, `executemany` on SQLite and `COPY` on PostgreSQL out, with the primary keys given by the
generator so the rows of other tables can point at them before anything is written.

Why not `bulk_create`: at a million dossiers Django's per-value preparation was most of the generator's time
(docs/performance.md, "Generation"). Here each column's default and its conversion are worked out once per
table; a row costs a list copy and the conversion of its date-times. The values are what the ORM would write:
defaults from the model fields, `auto_now_add` as the generator's clock, date-times as Django stores them
(SQLite: naive UTC text; PostgreSQL: aware values), JSON as text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models

Convert = Callable[[Any], Any]


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # django.db.backends.sqlite3.operations.adapt_datetimefield_value with USE_TZ: naive UTC, str().
    return None if value is None else str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _json(value: Any) -> str:
    return json.dumps(value)


class Table:
    """One model's table: its columns in order, a row of defaults, a converter per column that needs one."""

    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        sqlite = connection.vendor == "sqlite"
        self.convert: dict[int, Convert] = {}
        base: list[Any] = []
        for i, f in enumerate(self.fields):
            if isinstance(f, models.DateTimeField) and sqlite:
                self.convert[i] = _sqlite_datetime
            elif isinstance(f, models.JSONField):
                self.convert[i] = _json
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value: Any = now
            elif f.primary_key:
                value = None
            else:
                value = f.get_default()
            base.append(self.convert[i](value) if i in self.convert and value is not None else value)
        self.base = base
        self.rows: list[list[Any]] = []

    def next_id(self) -> int:
        """The first free primary key (the generator is the only writer while it runs)."""
        top = self.model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return int(top or 0) + 1

    def add(self, values: dict[str, Any]) -> None:
        row = self.base.copy()
        position, convert = self.position, self.convert
        for name, value in values.items():
            i = position[name]
            row[i] = convert[i](value) if value is not None and i in convert else value
        self.rows.append(row)

    def write(self) -> int:
        """Write the rows added so far and forget them; the number written."""
        rows, self.rows = self.rows, []
        if rows:
            _write(self.model._meta.db_table, [f.column for f in self.fields], rows)
        return len(rows)

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


def _write(table: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
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
        cursor.executemany(f"INSERT INTO {q(table)} ({names}) VALUES ({marks})", list(rows))
