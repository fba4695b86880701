"""PostgreSQL's pattern indexes ("_like", `varchar_pattern_ops`) on the dossier's code, submission reference
and status and on the history's one-time key serve no query, and every move paid them: dossiers 0027 drops
them, migrating back makes them again; the columns' own indexes stay (the code's and the reference's unique
ones, the status's). A later migration that changes one of these columns' type would make Django build the
pattern index again: the first test fails then."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

COLUMNS = [
    ("dossiers_dossier", "code"),
    ("dossiers_dossier", "submission_ref"),
    ("dossiers_dossier", "status"),
    ("dossiers_dossierevent", "idempotency_key"),
]
BEFORE = [("dossiers", "0026_fk_indexes_led_by_others")]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pattern indexes: PostgreSQL only"
)


def _pattern_indexed() -> set[tuple[str, str]]:
    """(table, column) of each index with the pattern operator class on these tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, a.attname FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
            "JOIN pg_opclass o ON o.oid = x.indclass[0] "
            "WHERE t.relname IN ('dossiers_dossier', 'dossiers_dossierevent') "
            "AND o.opcname = 'varchar_pattern_ops'"
        )
        return set(cursor.fetchall())


def _plain(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    own = (n for n, info in found.items() if info["columns"] == [column])
    return [n for n in own if found[n]["index"] or found[n]["unique"]]


@on_postgresql
@pytest.mark.django_db
def test_no_column_of_the_moves_has_a_pattern_index_and_each_keeps_its_own():
    assert _pattern_indexed() & set(COLUMNS) == set()
    for table, column in COLUMNS:
        assert _plain(table, column), (table, column)  # the unique or plain index of the column


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_them_and_makes_them_again_on_the_way_back():
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        assert _pattern_indexed() >= set(COLUMNS)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _pattern_indexed() & set(COLUMNS) == set()
