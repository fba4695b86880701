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

from egov.dossiers.models import Status
from egov.stats import recount, selectors
from egov.stats.models import DayFigure, MonthFigure, OpenFigure
from egov.stats.periods import last_days
from tests.dossiers.conftest import flows, receive, step  # noqa: F401 (a fixture)

BEFORE = [("stats", "0003_stats_state_written_at")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _ready(counter: int) -> int:
    return sum(n for *_key, n in selectors.ready_counts([counter]))


@pytest.mark.django_db(transaction=True)
def test_existing_rows_keep_their_counts_and_the_rebuild_fills_the_counters(cast, flows):  # noqa: F811
    now = timezone.now()
    first = receive(cast, flows.simple, now=now)
    p = cast.province
    # A result ready before the upgrade, handed back after it.
    ready = receive(cast, flows.simple, now=now)
    ready = step(ready, "forward", cast.desk_officer, now)
    ready = step(ready, "submit_for_approval", cast.specialist, now)
    ready = step(ready, "approve", cast.leader, now)
    assert ready.status == Status.RESOLVED
    period = last_days(timezone.localdate())
    before = selectors.totals([p.justice.pk], period)["received"]
    assert before == 2
    try:
        state = migrate(BEFORE).loader.project_state(BEFORE)
        # The previous release's rows, without a counter, as its keeping wrote them (going back emptied
        # the tables: test_going_back_…).
        old_day, old_month = (state.apps.get_model("stats", name) for name in ("DayFigure", "MonthFigure"))
        assert "counter" not in {f.name for f in old_day._meta.get_fields()}
        day = timezone.localdate(first.received_at)
        where = {"agency": p.justice.pk, "procedure": flows.simple.pk, "measure": "received", "count": 2}
        old_day.objects.create(day=day, **where)
        old_month.objects.create(month=day.replace(day=1), **where)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert set(DayFigure.objects.values_list("counter", flat=True)) == {0}
    assert selectors.totals([p.justice.pk], period)["received"] == 2  # by the agency that resolves: right
    assert selectors.counter_totals([p.commune_a.pk], period)["received"] == 0  # not filled yet
    # The results waiting to be returned are seeded by the migration (Sở Tư pháp's, received at commune A).
    assert _ready(p.commune_a.pk) == 1
    # A move meanwhile adds to the new keys; the default view still adds up.
    receive(cast, flows.simple, now=now)
    step(first, "forward", cast.desk_officer, now)
    assert selectors.totals([p.justice.pk], period)["received"] == 3
    # The result handed back: out of "waiting to be returned", which never goes below zero.
    step(ready, "return_result", cast.desk_officer, now)
    assert _ready(p.commune_a.pk) == 0
    assert not OpenFigure.objects.filter(count__lt=0).exists()
    call_command("rebuild_stats", stdout=io.StringIO())
    assert recount.differences(recount.recount(), recount.stored()) == []
    assert selectors.counter_totals([p.commune_a.pk], period)["received"] == 3
    assert set(MonthFigure.objects.values_list("counter", flat=True)) == {p.commune_a.pk}


@pytest.mark.django_db(transaction=True)
def test_going_back_empties_the_summaries_rather_than_break_the_old_keys(cast, flows):  # noqa: F811
    receive(cast, flows.simple)
    # The same key but for its counter: the old unique key cannot hold both.
    row = DayFigure.objects.filter(measure="received").get()
    DayFigure.objects.create(
        day=row.day, agency=row.agency, procedure=row.procedure, measure=row.measure, counter=0, count=1
    )
    try:
        state = migrate(BEFORE).loader.project_state(BEFORE)
        assert not state.apps.get_model("stats", "DayFigure").objects.exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    call_command("rebuild_stats", stdout=io.StringIO())
    assert DayFigure.objects.filter(measure="received").get().count == 1
