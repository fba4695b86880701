"""Text indexes no query uses (dossiers 0027): the applicant's folded name has none (the search is
LIKE '% word %', which no B-tree serves), and on PostgreSQL the pattern indexes ("_like",
`varchar_pattern_ops`) of the dossier's code, submission reference and status and of the history's one-time
key are gone; migrating back makes them again; the columns' own indexes stay (the code's and the
reference's unique ones, the status's). A later migration that changes one of these columns' type would
make Django build the pattern index again: the first test fails then."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PATTERNS = [
    ("dossiers_dossier", "applicant_folded"),
    ("dossiers_dossier", "code"),
    ("dossiers_dossier", "submission_ref"),
    ("dossiers_dossier", "status"),
    ("dossiers_dossierevent", "idempotency_key"),
]
KEPT = PATTERNS[1:]
BEFORE = [("dossiers", "0026_fk_indexes_led_by_others")]
postgresql = connection.vendor == "postgresql"


def _pattern_indexed() -> set[tuple[str, str]]:
    """(table, column) of each index with the pattern operator class on these tables (PostgreSQL)."""
    if not postgresql:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, a.attname FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
            "JOIN pg_opclass o ON o.oid = x.indclass[0] "
            "WHERE t.relname IN ('dossiers_dossier', 'dossiers_dossierevent') "
            "AND o.opcname = 'varchar_pattern_ops'"
        )
        return set(cursor.fetchall())


def _own(table: str, column: str) -> list[str]:
    """The indexes and unique constraints of that one column (the pattern ones included)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    own = (n for n, info in found.items() if info["columns"] == [column])
    return [n for n in own if found[n]["index"] or found[n]["unique"]]


@pytest.mark.django_db
def test_the_folded_name_has_no_index_and_no_column_of_the_moves_a_pattern_index():
    assert _own("dossiers_dossier", "applicant_folded") == []
    assert _pattern_indexed() & set(PATTERNS) == set()
    for table, column in KEPT:
        # its unique or plain index alone: a second one of any operator class (varchar → text makes Django
        # build one with text_pattern_ops) fails here
        assert len(_own(table, column)) == 1, (table, column, _own(table, column))


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_them_and_makes_them_again_on_the_way_back():
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        # made again under the names Django gives them: its later AlterFields find and drop them by these
        with connection.schema_editor() as editor:
            plain = editor._create_index_name("dossiers_dossier", ["applicant_folded"])
            like = {(t, c): editor._create_index_name(t, [c], suffix="_like") for t, c in PATTERNS}
        assert len(_own("dossiers_dossier", "applicant_folded")) == (2 if postgresql else 1)
        assert plain in _own("dossiers_dossier", "applicant_folded")
        if postgresql:
            assert _pattern_indexed() >= set(PATTERNS)
            for (table, column), name in like.items():
                assert name in _own(table, column), (table, column)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _own("dossiers_dossier", "applicant_folded") == []
    assert _pattern_indexed() & set(PATTERNS) == set()
