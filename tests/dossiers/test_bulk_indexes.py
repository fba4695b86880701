"""The bulk generator's load without the secondary indexes (egov.dossiers.bulk_indexes): the same rows, every
index made again exactly as it was, the unique ones kept meanwhile, and a run stopped before the end mended
by the next."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from egov.dossiers import bulk_indexes, demo_bulk
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, StepVisit
from tests.dossiers.test_demo import NOW, _generated_rows

TABLES = [Dossier, DossierEvent, StepVisit]


def _indexes() -> dict[str, str]:
    """Every index of the three tables with how it is made (the unique and key ones included)."""
    names = [model._meta.db_table for model in TABLES]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [names])
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({marks})",
                names,
            )
        return dict(cursor.fetchall())


def _unique(indexes: dict[str, str]) -> set[str]:
    secondary = {name for name, _ in bulk_indexes.secondary(TABLES)}
    return set(indexes) - secondary


def test_the_block_runs_without_the_secondary_indexes_and_gets_them_back_as_they_were(db):
    before = _indexes()
    secondary = dict(bulk_indexes.secondary(TABLES))
    unique = _unique(before)
    assert "dossier_queue" in secondary and "dossier_event_timeline" in secondary
    assert "step_visit_dossier" in secondary
    with bulk_indexes.set_aside(TABLES) as dropped:
        assert sorted(dropped) == sorted(secondary)
        # the unique indexes and the keys stay: the codes keep their guarantee while the rows go in
        assert set(_indexes()) == unique and unique
        assert dict(bulk_indexes.waiting()) == secondary
    assert _indexes() == before
    assert bulk_indexes.waiting() == []
    assert bulk_indexes.ASIDE not in connection.introspection.table_names()


def test_a_load_that_fails_gets_its_indexes_back(db):
    before = _indexes()
    with pytest.raises(RuntimeError), bulk_indexes.set_aside(TABLES):
        raise RuntimeError("the load broke off")
    assert _indexes() == before


def test_a_run_stopped_before_it_made_them_again_is_mended_by_the_next_load(db, cast, flows):
    before = _indexes()
    bulk_indexes.put_aside(TABLES)  # what a process killed inside `set_aside` leaves
    assert set(_indexes()) < set(before)
    # the next load makes them again first, sets them aside for itself, and makes them again after
    demo_bulk.bulk_generate(30, chunk=30, days=30, now=NOW, indexes_aside=False)
    assert _indexes() == before


def test_restore_alone_mends_a_stopped_run_and_is_a_no_op_otherwise(db):
    before = _indexes()
    assert bulk_indexes.restore() == 0
    bulk_indexes.put_aside(TABLES)
    assert bulk_indexes.restore() == len(bulk_indexes.secondary(TABLES)) > 10
    assert _indexes() == before
    assert bulk_indexes.restore() == 0


def test_a_load_with_its_indexes_aside_writes_the_same_rows(db, cast, flows):
    demo_bulk.bulk_generate(120, chunk=50, days=60, now=NOW, seed=7, indexes_aside=True)
    aside = _generated_rows()
    before = _indexes()
    Dossier.objects.all().delete()
    CodeSequence.objects.all().delete()
    demo_bulk.bulk_generate(120, chunk=50, days=60, now=NOW, seed=7, indexes_aside=False)
    assert _generated_rows() == aside
    assert _indexes() == before


def test_a_large_load_sets_them_aside_by_itself(db, cast, flows, monkeypatch):
    seen: list[list[str]] = []
    real = bulk_indexes.set_aside

    def watched(tables, workers=1):
        seen.append([model._meta.db_table for model in tables])
        return real(tables, workers)

    monkeypatch.setattr(bulk_indexes, "set_aside", watched)
    demo_bulk.bulk_generate(20, chunk=20, days=30, now=NOW)
    assert seen == []  # small: kept
    monkeypatch.setattr(demo_bulk, "ASIDE_FROM", 20)
    demo_bulk.bulk_generate(40, chunk=20, days=30, now=NOW)  # at least the table's size again
    assert seen == [[model._meta.db_table for model in TABLES]]
    demo_bulk.bulk_generate(20, chunk=20, days=30, now=NOW)  # 60 there: it would not double the table
    assert len(seen) == 1


def test_the_command_takes_the_choice(db, cast, flows):
    before = _indexes()
    out = io.StringIO()
    call_command("generate_dossiers", "30", "--days", "30", "--chunk", "10", "--indexes", "aside", stdout=out)
    assert Dossier.objects.count() == 30 and _indexes() == before
    assert "30 dossiers" in out.getvalue() and "done in" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_postgresql_builds_several_at_once_each_on_its_own_connection():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite builds one at a time (one writer)")
    before = _indexes()
    count = len(bulk_indexes.secondary(TABLES))
    bulk_indexes.put_aside(TABLES)
    assert bulk_indexes.restore(workers=3) == count
    assert _indexes() == before
    assert bulk_indexes.ASIDE not in connection.introspection.table_names()


def test_a_role_that_does_not_own_the_tables_keeps_them_and_a_large_load_still_runs(db, cast, flows):
    """The application's role (docs/deployment.md) may neither drop the owner's indexes nor make a table:
    a large load then keeps the indexes instead of failing (a review)."""
    if connection.vendor != "postgresql":
        assert bulk_indexes.may_set_aside(TABLES)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the tests' role may not make a role")
        cursor.execute("CREATE ROLE egov_aside_probe NOLOGIN")  # rolled back with the test
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO egov_aside_probe")
        cursor.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO egov_aside_probe")
        cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        assert bulk_indexes.may_set_aside(TABLES)
        cursor.execute("SET LOCAL ROLE egov_aside_probe")
    try:
        assert not bulk_indexes.may_set_aside(TABLES)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
