"""The day counters kept per receiving agency become counters per identifier (dossiers 0008-0010) without
losing a number: a code issued today under the old key is never issued again (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.dossiers import codes
from egov.dossiers.models import CodeSequence

BEFORE = [("dossiers", "0007_refresh_applicant_search_keys")]
DAY = dt.date(2026, 11, 16)


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_a_counter_of_an_agency_continues_as_the_counter_of_its_identifier(cast):
    commune = cast.province.commune_a
    try:
        state = migrate(BEFORE).loader.project_state(BEFORE)
        old = state.apps.get_model("dossiers", "CodeSequence")
        old.objects.create(agency_id=commune.pk, day=DAY, last=41)
    finally:
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        migrate(latest)
    assert list(CodeSequence.objects.values_list("prefix", "day", "last")) == [(commune.code, DAY, 41)]
    moment = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert codes.next_code(commune.code, moment, 4) == f"{commune.code}-261116-0042"
