"""A queue's code box finds every dossier whose code or submission reference starts with what was typed, by
a range on the unique index (`selectors.filtered`), which is a prefix match only where the column orders
text by its characters: on PostgreSQL the two columns are collated "C" whatever the database's collation
(dossiers 0028: under a glibc vi_VN or en_US collation the range found nothing but whole codes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.dossiers import selectors
from egov.dossiers.models import Dossier
from tests.dossiers.conftest import receive

postgresql = connection.vendor == "postgresql"
BEFORE = [("dossiers", "0027_text_indexes_no_query_uses")]


def _collations() -> dict[str, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, collation_name FROM information_schema.columns "
            "WHERE table_name = 'dossiers_dossier' AND column_name IN ('code', 'submission_ref')"
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(not postgresql, reason="SQLite compares text by its bytes (BINARY) already")
@pytest.mark.django_db
def test_the_codes_are_collated_c_on_postgresql():
    # a later AlterField of either column writes its type without the collation: this fails then
    assert _collations() == {"code": "C", "submission_ref": "C"}


@pytest.mark.skipif(not postgresql, reason="the migration changes nothing on SQLite")
@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_to_the_databases_collation():
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        assert _collations() == {"code": None, "submission_ref": None}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _collations() == {"code": "C", "submission_ref": "C"}


@pytest.mark.django_db
def test_a_typed_prefix_finds_the_codes_that_start_with_it_and_no_other(cast, flows):
    codes = [
        "000.00.10.H57-261207-0001",
        "000.00.10.H57-261207-0002",
        "000.00.10.H57-261208-0001",
        "000.00.10.H5-7261207-0001",  # the same characters but a dash moved
        "000.00.10.H57261207-0001",  # no dash: a linguistic collation passes over punctuation
        "000.00.10.H58-261207-0001",
    ]
    for code in codes:
        Dossier.objects.filter(pk=receive(cast, flows.simple).pk).update(code=code)

    def found(typed: str) -> set[str]:
        rows = selectors.filter_dossiers(Dossier.objects.all(), code=typed)
        return set(rows.values_list("code", flat=True))

    assert found("000.00.10.H57-2612") == set(codes[:3])
    assert found("000.00.10.h57-261207") == set(codes[:2])  # typed in lower case
    assert found(" 000.00.10.H57-261207-0002 ") == {codes[1]}
    assert found("000.00.10.H5") == set(codes)
    assert found("000.00.10.H57-") == set(codes[:3])
    assert found("000.00.10.H57-3") == set()
