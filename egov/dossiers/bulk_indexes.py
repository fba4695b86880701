"""A large load without the tables' secondary indexes, made again after it (development and benchmarks only:
the bulk generator, egov.dossiers.demo_bulk).

Why: each dossier the generator writes adds an entry to each of the dossier table's ~20 indexes, and its
history rows and step visits to theirs, one row at a time in keys that arrive in no order; once an index
outgrows the cache every entry is a page read and written. Building an index after the load reads the table
once and sorts (PostgreSQL with its parallel workers), which `pg_restore` and SQLite's `.import` do for the
same reason. Measured in docs/performance.md ("The bulk generator, indexes set aside").

The unique indexes and the primary keys stay (the codes and one-time keys keep their guarantee while the rows
go in); the others are dropped and made again as they were made: with the statement Django's migrations use
for an index the model names (PostgreSQL stores a partial index's `IN (...)` as it parsed it, and its own
text of it, `pg_get_indexdef`, parses into another form of the same condition), otherwise with the
database's own statement (`pg_get_indexdef`, SQLite's `sqlite_master.sql`, which is the text as written).
Until then the queues and reports of that database are slow, never wrong.

A run stopped before the end (a killed process, a lost connection) leaves the statements in a table of the
database itself, written in the same transaction as the drops (DDL is transactional on both databases): the
next load, or `restore()`, makes them again first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from django.db import connection, connections, models, transaction

#: Where the statements of the indexes set aside wait until they are made again.
ASIDE = "egov_bulk_indexes_aside"


def secondary(tables: Sequence[type[models.Model]]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index of these tables that is neither unique nor a key."""
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary "
                "ORDER BY c.relname",
                [names],
            )
        else:
            marks = ", ".join(["%s"] * len(names))
            # an index SQLite makes itself (a UNIQUE column's) has no statement
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
                "AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
                names,
            )
        found = [(str(name), str(sql)) for name, sql in cursor.fetchall()]
    if connection.vendor != "postgresql":
        return found
    known = _as_migrations_make_them(tables)
    return [(name, known.get(name, sql)) for name, sql in found]


def _as_migrations_make_them(tables: Sequence[type[models.Model]]) -> dict[str, str]:
    """Index name → the CREATE INDEX statement Django's schema editor writes for it, for the indexes the
    models name (`Meta.indexes`) and those of their indexed columns."""
    editor: Any = connection.SchemaEditorClass(connection)  # only to write statements: nothing runs
    made: dict[str, str] = {}
    for model in tables:
        for index in model._meta.indexes:
            made[str(index.name)] = str(index.create_sql(model, editor))
        for field in model._meta.local_concrete_fields:
            if getattr(field, "db_index", False) and not field.unique:
                name = editor._create_index_name(model._meta.db_table, [field.column])
                made[name] = str(editor._create_index_sql(model, fields=[field]))
    return made


def may_set_aside(tables: Sequence[type[models.Model]]) -> bool:
    """Whether this connection may drop and make the tables' indexes and make the list's table: on
    PostgreSQL a member of the tables' owner role with CREATE on the schema (the application's role of
    docs/deployment.md has neither); SQLite always."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(pg_has_role(relowner, 'USAGE')) "
            "AND has_schema_privilege(current_schema(), 'CREATE') "
            "FROM pg_class WHERE oid = ANY(%s::regclass[])",
            [[model._meta.db_table for model in tables]],
        )
        return bool(cursor.fetchone()[0])


def waiting() -> list[tuple[str, str]]:
    """The indexes an earlier load set aside and did not make again (none: no such load)."""
    return _listed() if ASIDE in connection.introspection.table_names() else []


def _listed() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, statement FROM {ASIDE} ORDER BY name")
        return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


def restore(workers: int = 1) -> int:
    """Make again every index an earlier load set aside, then forget them; how many were made. `workers`:
    on PostgreSQL, that many indexes built at once, each on a connection of its own (CREATE INDEX takes a
    lock that other index builds share); SQLite builds one at a time whatever is asked (one writer)."""
    if ASIDE not in connection.introspection.table_names():
        return 0
    aside = _listed()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes"
            if connection.vendor == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
        present = {str(name) for (name,) in cursor.fetchall()}
    missing = [(name, statement, name not in present) for name, statement in aside]
    # other connections see the list only once it is committed: not inside a transaction (the tests)
    apart = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if apart:
        with ThreadPoolExecutor(workers) as pool:
            made = sum(pool.map(_make_on_own_connection, missing))
    else:
        made = sum(_make(*one) for one in missing)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(ASIDE)}")
    return made


def _make(name: str, statement: str, missing: bool) -> int:
    # one transaction per index: a run stopped here keeps the ones made and the list of the others
    with transaction.atomic(), connection.cursor() as cursor:
        if missing:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {ASIDE} WHERE name = %s", [name])
    return int(missing)


def _make_on_own_connection(one: tuple[str, str, bool]) -> int:
    try:
        return _make(*one)  # `connection` is this thread's own
    finally:
        connections.close_all()


def put_aside(tables: Sequence[type[models.Model]]) -> list[str]:
    """Drop the secondary indexes of `tables`, their statements kept in the database until `restore()`;
    the names dropped. What a load stopped inside `set_aside` leaves behind."""
    restore()
    indexes = secondary(tables)
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {q(ASIDE)} (name varchar(200) PRIMARY KEY, statement text NOT NULL)")
        for name, statement in indexes:
            cursor.execute(f"INSERT INTO {q(ASIDE)} (name, statement) VALUES (%s, %s)", [name, statement])
            cursor.execute(f"DROP INDEX {q(name)}")
    return [name for name, _ in indexes]


@contextmanager
def set_aside(tables: Sequence[type[models.Model]], workers: int = 1) -> Iterator[list[str]]:
    """Drop the secondary indexes of `tables` for the block (it gets their names), make them again after
    (`workers` at once on PostgreSQL)."""
    dropped = put_aside(tables)
    try:
        yield dropped
    finally:
        restore(workers)
