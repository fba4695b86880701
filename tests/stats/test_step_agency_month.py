"""The step-month histograms without the handler (`StepAgencyMonthFigure`) that the bottleneck page's step
table reads: kept in each move as the per-handler rows added up, equal to a recount, filled by their
migration from the per-handler rows, and giving the page the same rows the per-handler read folds to."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection

from egov.dossiers import demo
from egov.organizations.models import Agency
from egov.stats import bottlenecks, recount
from egov.stats.models import StepAgencyMonthFigure, StepMonthFigure
from egov.stats.periods import Period

KEY = ("month", "step", "agency", "bucket", "late")


@pytest.fixture
def moved(cast, flows):
    """The demo's dossiers through every branch: stays at many steps, by several officers."""
    demo.build_demo(cast.province.root, per_flow=2)
    assert StepMonthFigure.objects.values("handler").distinct().count() > 1


def _summed_over_handlers() -> Counter:
    sums: Counter = Counter()
    for *key, n in StepMonthFigure.objects.values_list(*KEY, "count"):
        sums[tuple(key)] += n
    return +sums


def _kept() -> Counter:
    return +Counter({tuple(k): n for *k, n in StepAgencyMonthFigure.objects.values_list(*KEY, "count")})


def test_each_row_is_the_per_handler_rows_added_up_and_equals_a_recount(moved):
    assert _kept() and _kept() == _summed_over_handlers()
    assert recount.differences(recount.recount(), recount.stored()) == []


def test_a_wrong_row_is_a_difference_check_stats_reports(moved):
    row = StepAgencyMonthFigure.objects.first()
    assert row is not None
    StepAgencyMonthFigure.objects.filter(pk=row.pk).update(count=row.count + 1)
    found = recount.differences(recount.recount(), recount.stored())
    assert [d for d in found if d[0][0] == "stepagency"]


class _Editor:
    """What the migration's fill uses of a schema editor, on the test's connection (SQLite's real schema
    editor refuses to run inside the test's transaction)."""

    quote_name = staticmethod(connection.ops.quote_name)

    @staticmethod
    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_fills_the_table_from_the_per_handler_rows(moved):
    kept = _kept()
    StepAgencyMonthFigure.objects.all().delete()
    migration = importlib.import_module("egov.stats.migrations.0005_step_agency_month")
    migration.fill(apps, _Editor())
    assert _kept() == kept


@pytest.mark.parametrize("edges", [False, True], ids=["whole months", "with days"])
def test_the_page_s_steps_are_the_per_handler_steps_folded(moved, edges):
    agencies = list(Agency.objects.values_list("pk", flat=True))
    months = StepMonthFigure.objects.order_by("month").values_list("month", flat=True)
    first, last = months.first(), months.last()
    assert first is not None and last is not None
    end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    # Whole months: the month tables only; from the middle of the first month, its days from the day table.
    period = Period(first + dt.timedelta(days=10) if edges else first, end, "test")
    whole, days = period.parts()
    assert bool(days) == edges and (whole is not None or edges)
    fast = bottlenecks.steps(agencies, period, top=1000)
    slow = bottlenecks.steps(agencies, period, by_handler=True, top=1000)
    folded: dict[tuple[int, int], Counter] = {}
    late: Counter = Counter()
    for r in slow:
        folded.setdefault((r.step, r.agency), Counter()).update(r.histogram)
        late[(r.step, r.agency)] += r.late
    assert fast
    assert {(r.step, r.agency): +Counter(r.histogram) for r in fast} == folded
    assert {(r.step, r.agency): r.late for r in fast if r.late} == +late
