"""Five foreign keys have no index of their own, because a composite index leads with each column (dossiers
0026): the migration drops those indexes by name on SQLite and PostgreSQL without rebuilding the tables,
makes them again on the way back, and the look-ups they served use the composite ones."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dossiers", "0025_queue_index_by_due")]
LED_BY = {
    ("dossiers_dossier", "current_agency_id"): "dossier_queue",
    ("dossiers_dossier", "handler_id"): "dossier_handler",
    ("dossiers_dossier", "receiving_agency_id"): "dossier_book",
    ("dossiers_dossierevent", "dossier_id"): "dossier_event_timeline",
    ("dossiers_stepvisit", "dossier_id"): "step_visit_dossier",
}


def _indexes(table: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: info for name, info in found.items() if info["index"] and not info["primary_key"]}


def _alone(table: str, column: str) -> list[str]:
    """The indexes of that one column alone."""
    return [name for name, info in _indexes(table).items() if info["columns"] == [column]]


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db
def test_each_column_is_indexed_only_by_the_composite_index_that_leads_with_it():
    for (table, column), composite in LED_BY.items():
        assert _alone(table, column) == [], (table, column)
        assert _indexes(table)[composite]["columns"][0] == column, composite


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_indexes_and_makes_them_again_on_the_way_back():
    tables_before = {table: sorted(_indexes(table)) for table, _ in LED_BY}
    try:
        _migrate(BEFORE)
        for table, column in LED_BY:
            assert len(_alone(table, column)) == 1, (table, column)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    for table, column in LED_BY:
        assert _alone(table, column) == [], (table, column)
    assert {table: sorted(_indexes(table)) for table, _ in LED_BY} == tables_before


@pytest.mark.django_db
def test_the_look_ups_by_these_columns_use_an_index_that_leads_with_them():
    """SQLite's plans: an index that leads with the column (PostgreSQL's planner may prefer a scan of the
    few rows a test holds)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN")
    for table, column in LED_BY:
        with connection.cursor() as cursor:
            cursor.execute(f'EXPLAIN QUERY PLAN SELECT "id" FROM "{table}" WHERE "{column}" = %s', [1])
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        used = re.search(r"USING (?:COVERING )?INDEX (\w+) \(" + column + "=", plan)
        assert used and _indexes(table)[used[1]]["columns"][0] == column, (table, plan)
