"""The cursor the statements built once per process run on (egov.core.statements, kept_sql, the statistics'
keeping, the look-up, the rate limit, the dossier codes' day counter): on PostgreSQL bound and prepared on
the server, on SQLite with each statement's placeholders converted once, and, when nothing watches the
queries, one cursor kept per connection instead of a new one inside Django's wrapper for every statement
(docs/performance.md, "Transitions, one cursor kept per connection")."""

from __future__ import annotations

import contextlib
import functools
from typing import Any, NamedTuple

from django.db import connections
from django.utils.connection import ConnectionProxy

__all__ = ["CONVERTED_LIMIT", "cursor"]


def cursor(connection: Any) -> Any:
    """`connection.cursor()` for the statements built once per process (egov.core.statements and the
    others named above): on PostgreSQL one whose statements are bound and prepared on the server
    (psycopg's `prepare=True`), when the connection prepares at all; on SQLite one that converts each
    statement's placeholders once per process.

    When nothing watches the queries (no query log, no `execute_wrapper`), the connection's kept cursor
    (`_Kept`): one database cursor per connection, reused statement after statement, errors wrapped as
    Django wraps them. Making a cursor and Django's wrapper around it for each statement cost more than
    running it: 20 against 5 µs a statement on SQLite, 93 against 48 µs of the client's CPU on PostgreSQL
    (psycopg's cursor is made in Python), and a move runs twelve (docs/performance.md, "Transitions, one
    cursor kept per connection"). A second cursor asked for while the kept one is in use (`ahead` holds
    several) is one of its own, closed with it, also without the wrapper. When the queries are watched,
    Django's own cursor wrapper: the query log and `execute_wrapper`s see the statement as any query.
    Whether they are watched is decided when the cursor is taken: a query log or `execute_wrapper` begun
    inside a `with cursor(…)` block does not see that block's statements (no caller does that). A kept
    cursor executes and fetches; nothing else (`executemany`, `copy`) is offered.

    Only for such statements: their SQL is fixed per process and each parameter stands for a column's
    value, so the server infers its type from the column (Django's ORM, in general, does not build SQL
    that binds on the server: parameters in SELECT and GROUP BY lists, IN lists of every length)."""
    if isinstance(connection, ConnectionProxy):  # `django.db.connection`: each attribute a look-up
        connection = connections[connection.alias]
    vendor = connection.vendor
    if vendor != "sqlite" and vendor != "postgresql":
        return connection.cursor()
    # What Django's `cursor()` checks, every time: a thread sharing a connection it may not, async code,
    # a test not allowed the database (pytest-django's blocker replaces `ensure_connection`).
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if vendor == "postgresql" and raw.prepare_threshold is None:
        return connection.cursor()
    if not connection.queries_logged and not connection.execute_wrappers:
        connection.validate_no_broken_transaction()
        if connection.allow_thread_sharing:
            # Threads on one connection (the live server of the browser tests on SQLite in memory): the
            # kept cursor's busy flag is no lock, so each statement gets a cursor of its own.
            return _Kept(connection, raw, own=True)
        kept = connection.__dict__.get("_statements_cursor")
        if kept is None or kept.raw_connection is not raw:
            kept = connection.__dict__["_statements_cursor"] = _Kept(connection, raw)
        if kept.busy:
            return _Kept(connection, raw, own=True)
        kept.busy = True
        return kept
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_raw_cursor(raw, vendor == "sqlite"))


def _raw_cursor(raw: Any, sqlite: bool) -> Any:
    """A database cursor of the statements' own kind on the driver's connection `raw`."""
    return raw.cursor(factory=_qmark_cursor_class()) if sqlite else _preparing_cursor_class()(raw)


class _Kept:
    """A connection's one kept cursor for the statements built once: what `cursor` hands out when nothing
    watches the queries. Used by one `with` block at a time (`busy`); leaving it gives it back without
    closing it. A second one asked for while it is in use (`ahead` holds several) is `own`: a cursor of its
    own, closed with it, still without Django's wrapper. On SQLite a statement left with rows unread would
    keep its read transaction open (and the connection's later reads on its snapshot), so leaving it reads
    whatever is left, as closing it would reset it; psycopg has read every row already."""

    __slots__ = ("busy", "connection", "cursor", "own", "raw_connection", "sqlite")

    def __init__(self, connection: Any, raw: Any, *, own: bool = False) -> None:
        self.connection = connection
        self.raw_connection = raw
        self.sqlite = connection.vendor == "sqlite"
        with connection.wrap_database_errors:
            self.cursor = _raw_cursor(raw, self.sqlite)
        self.own = own
        self.busy = own

    def __enter__(self) -> _Kept:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.busy:
            return
        self.busy = False
        if self.own:
            # As Django's wrapper closes its cursor: an error closing it must not hide the one under way.
            with contextlib.suppress(self.connection.Database.Error):
                self.cursor.close()
        elif self.sqlite and self.cursor.description is not None:
            with contextlib.suppress(Exception):
                self.cursor.fetchall()

    def execute(self, sql: str, params: Any = None) -> Any:
        with self.connection.wrap_database_errors:
            return self.cursor.execute(sql, params)

    def fetchone(self) -> Any:
        with self.connection.wrap_database_errors:
            return self.cursor.fetchone()

    def fetchall(self) -> Any:
        with self.connection.wrap_database_errors:
            return self.cursor.fetchall()

    def fetchmany(self, size: int = 1) -> Any:
        with self.connection.wrap_database_errors:
            return self.cursor.fetchmany(size)

    def __iter__(self) -> Any:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return int(self.cursor.rowcount)

    @property
    def lastrowid(self) -> Any:
        return self.cursor.lastrowid

    @property
    def description(self) -> Any:
        return self.cursor.description


#: Statements whose SQLite placeholders are kept converted, per process.
CONVERTED_LIMIT = 4096


@functools.cache
def _qmark_cursor_class() -> type:
    """Django's SQLite cursor (`SQLiteCursorWrapper`) that turns each statement's `%s` into SQLite's `?`
    once per process instead of on every call (a regular expression over the whole statement: the locked
    row's SELECT and the INSERTs are long)."""
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    converted: dict[str, str] = {}

    class ConvertingOnce(SQLiteCursorWrapper):
        def convert_query(self, query: str, *, param_names: Any = None) -> str:
            if param_names is not None:
                return str(super().convert_query(query, param_names=param_names))  # type: ignore[misc]
            if (done := converted.get(query)) is None:
                if len(converted) >= CONVERTED_LIMIT:
                    # The statements kept per viewer (core.kept_sql) are many: start again rather than grow.
                    converted.clear()
                done = converted[query] = str(super().convert_query(query))  # type: ignore[misc]
            return done

    return ConvertingOnce


class _Shown(NamedTuple):
    """What Django's query log reads of a psycopg cursor's last query (its `query`, in bytes)."""

    query: bytes


@functools.cache
def _preparing_cursor_class() -> type:
    """Django's server-binding cursor (the one `server_side_binding` would use) that prepares each statement
    it runs; built on first use, so SQLite-only code never imports psycopg."""
    from django.db.backends.postgresql import base

    class PreparingCursor(base.ServerBindingCursor):  # type: ignore[name-defined]
        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            options["prepare"] = True
            result = super().execute(query, params, **options)
            if self._query is None:  # type: ignore[has-type]
                # psycopg keeps no query text for a prepared execution, and Django's query log reads it
                # there (DatabaseOperations.last_executed_query): the statement, its parameters as markers.
                self._query = _Shown(query.encode() if isinstance(query, str) else bytes(query))
            return result

    return PreparingCursor
