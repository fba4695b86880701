"""Migration stats.0004 on existing summaries (SQLite and PostgreSQL alike): the rows keep their counts with
counter 0, so the figures by the agency that resolves stay right; moves keep working on the new keys; and
`rebuild_stats` fills the counter's view (the upgrade step, docs/backup-and-upgrade.md)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from egov.stats import recount, selectors
from egov.stats.models import DayFigure, MonthFigure
from egov.stats.periods import last_days
from tests.dossiers.conftest import flows, receive, step  # noqa: F401 (a fixture)

BEFORE = [("stats", "0003_stats_state_written_at")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_rows_keep_their_counts_and_the_rebuild_fills_the_counters(cast, flows):  # noqa: F811
    now = timezone.now()
    first = receive(cast, flows.simple, now=now)
    p = cast.province
    period = last_days(timezone.localdate())
    before = selectors.totals([p.justice.pk], period)["received"]
    assert before == 1
    try:
        state = migrate(BEFORE).loader.project_state(BEFORE)
        old_day = state.apps.get_model("stats", "DayFigure")
        # The previous release's rows, without a counter.
        assert old_day.objects.filter(measure="received").count() == 1
        assert "counter" not in {f.name for f in old_day._meta.get_fields()}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert set(DayFigure.objects.values_list("counter", flat=True)) == {0}
    assert selectors.totals([p.justice.pk], period)["received"] == 1  # by the agency that resolves: right
    assert selectors.counter_totals([p.commune_a.pk], period)["received"] == 0  # not filled yet
    # A move meanwhile adds to the new keys; the default view still adds up.
    receive(cast, flows.simple, now=now)
    step(first, "forward", cast.desk_officer, now)
    assert selectors.totals([p.justice.pk], period)["received"] == 2
    call_command("rebuild_stats", stdout=io.StringIO())
    assert recount.differences(recount.recount(), recount.stored()) == []
    assert selectors.counter_totals([p.commune_a.pk], period)["received"] == 2
    assert set(MonthFigure.objects.values_list("counter", flat=True)) == {p.commune_a.pk}
