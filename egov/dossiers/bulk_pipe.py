"""A second process that writes the bulk generator's chunks while the first generates the next ones
(development and benchmarks only; egov.dossiers.demo_bulk).

Why: generating a chunk (Python) and writing it (SQLite's index inserts, or PostgreSQL's COPY and the
server's work) took about the same order of time each, one after the other in one process; on a machine
with a free core they overlap (docs/performance.md, "The bulk generator"). The rows cross a pipe pickled,
which costs some CPU on both sides.

The writer is forked after the generator has read what it needs, and opens its own connection (a connection
must never be shared by two processes); Django's stays with the generator, which keeps reading (the code
prefixes) and, after the last chunk, checks the references of the new rows (bulk_rows.check_references).
Each chunk is one transaction with its day counters, as in one process, so an interrupted run resumes
without reusing a code. At most two chunks wait in the pipe: the generator stays at most that far ahead.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from django.db import connection

from egov.dossiers import bulk_rows
from egov.dossiers.models import CodeSequence

Counters = list[tuple[str, dt.date, int]]
#: A chunk: the rows of each table (in the order of the tables given), the day counters, the dossiers.
Chunk = tuple[list[list[tuple[Any, ...]]], Counters, int]

AHEAD = 2


def usable() -> bool:
    """Whether a second process can write to this database: not an in-memory SQLite database (the tests'),
    which no other process sees, and not inside a transaction, whose rows it would not see either."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()  # type: ignore[attr-defined]
    return connection.vendor == "postgresql"


class Writer:
    """The writing process, used as a context manager around the generation."""

    def __init__(self, tables: Sequence[bulk_rows.Table], written: Callable[[int], None] | None) -> None:
        self.tables = list(tables)
        self.written = written
        self.first = {table: table.next_id() for table in tables}
        self.done = 0
        self.waiting = 0
        q = connection.ops.quote_name
        if connection.vendor == "sqlite":
            statements = [
                f"INSERT INTO {q(t.model._meta.db_table)} ({', '.join(q(c) for c in t.columns)}) "
                f"VALUES ({', '.join('?' * len(t.columns))})"
                for t in tables
            ]
        else:
            statements = [
                f"COPY {q(t.model._meta.db_table)} ({', '.join(q(c) for c in t.columns)}) FROM STDIN"
                for t in tables
            ]
        mark = "?" if connection.vendor == "sqlite" else "%s"
        spec = _Spec(
            vendor=connection.vendor,
            params=_params(),
            skip_triggers=connection.vendor == "postgresql" and bulk_rows.may_skip_triggers(tables),
            statements=statements,
            counters=(
                f"INSERT INTO {q(CodeSequence._meta.db_table)} (prefix, day, last) "
                f"VALUES ({mark}, {mark}, {mark}) "
                "ON CONFLICT (prefix, day) DO UPDATE SET last = excluded.last"
            ),
        )
        context = multiprocessing.get_context("fork")
        self.pipe, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, spec), daemon=True)
        self.process.start()
        theirs.close()

    def __enter__(self) -> Writer:
        return self

    def put(self, counters: Counters, dossiers: int) -> None:
        """Send the rows the tables hold (and forget them here) with the chunk's day counters."""
        while self.waiting >= AHEAD:
            self._receive()
        chunk: Chunk = ([list(t.rows) for t in self.tables], counters, dossiers)
        for table in self.tables:
            table.rows.clear()
        self.pipe.send(chunk)
        self.waiting += 1

    def _receive(self) -> None:
        reply = self.pipe.recv()
        if isinstance(reply, str):
            raise RuntimeError(f"the writing process failed:\n{reply}")
        self.waiting -= 1
        self.done += reply
        if self.written:
            self.written(self.done)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            # The chunks already sent are written either way: each with its counters, as in one process.
            self.pipe.send(None)
            while self.waiting:
                self._receive()
        finally:
            self.process.join(timeout=60)
            if self.process.is_alive():
                self.process.terminate()
            self.pipe.close()
        if kind is None:
            for table, start in self.first.items():
                bulk_rows.check_references(table.model, start)


@dataclass
class _Spec:
    """What the writing process needs: how to connect, and its statements (built by Django's quoting)."""

    vendor: str
    params: dict[str, Any]
    skip_triggers: bool
    #: Per table: SQLite's INSERT, PostgreSQL's COPY.
    statements: list[str]
    #: The day counters' upsert.
    counters: str


def _params() -> dict[str, Any]:
    if connection.vendor == "sqlite":
        return {"database": connection.settings_dict["NAME"], "timeout": 20}
    return connection.get_connection_params()


def _serve(pipe: Connection, spec: _Spec) -> None:
    """The writing process: chunks in, one transaction each, the number of dossiers written out."""
    try:
        write = _sqlite(spec) if spec.vendor == "sqlite" else _postgresql(spec)
        while (chunk := pipe.recv()) is not None:
            rows, counters, dossiers = chunk
            write(rows, counters)
            pipe.send(dossiers)
    except BaseException:  # reported to the generator, which raises it
        pipe.send(traceback.format_exc())


def _sqlite(spec: _Spec) -> Callable[[list[list[tuple[Any, ...]]], Counters], None]:
    import sqlite3

    db = sqlite3.connect(**spec.params, isolation_level=None)
    # As the generator's own connection while loading (bulk_rows.loading): no foreign-key look-up per row
    # (checked at the end), a large page cache, the deployment's synchronous mode.
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = -{bulk_rows.CACHE_KIB}")

    def write(rows: list[list[tuple[Any, ...]]], counters: Counters) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(spec.counters, [(p, day.isoformat(), last) for p, day, last in counters])
            for sql, table_rows in zip(spec.statements, rows, strict=True):
                db.executemany(sql, table_rows)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    return write


def _postgresql(spec: _Spec) -> Callable[[list[list[tuple[Any, ...]]], Counters], None]:
    import psycopg

    db = psycopg.connect(**spec.params, autocommit=True)
    if spec.skip_triggers:
        db.execute("SET session_replication_role = replica")

    def write(rows: list[list[tuple[Any, ...]]], counters: Counters) -> None:
        with db.transaction(), db.cursor() as cursor:
            cursor.executemany(spec.counters, counters)
            for sql, table_rows in zip(spec.statements, rows, strict=True):
                with cursor.copy(sql) as copy:
                    for row in table_rows:
                        copy.write_row(row)

    return write
