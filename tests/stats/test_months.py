"""The month tables beside the day tables: kept by every move, read for a period's whole months (the day
table only for its ragged edges), covered by rebuild_stats and check_stats; and "overdue now" read from the
open table, once per page, agreeing with the list behind it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import demo
from egov.dossiers.models import Dossier
from egov.stats import drilldown, recount, selectors
from egov.stats.models import DayFigure, Measure, MonthFigure, StepFigure, StepMonthFigure
from egov.stats.periods import Period
from tests.dossiers.conftest import MONDAY, hours, receive, step


def _check(out: io.StringIO) -> int:
    try:
        call_command("check_stats", stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


@pytest.fixture
def demo_year(cast, flows):
    return demo.build_demo(cast.province.root, per_flow=2)


def test_a_move_adds_to_the_month_tables(cast, flows):
    d = receive(cast, flows.simple, now=MONDAY)
    month = timezone.localdate(MONDAY).replace(day=1)
    received = MonthFigure.objects.get(measure=Measure.RECEIVED, month=month, procedure=d.procedure_id)
    # Counted for the department that resolves it (its approving step's), not the centre that received it.
    assert d.receiving_agency != cast.province.justice == d.competent_agency
    assert received.count == 1 and received.agency == cast.province.justice.pk
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(2))
    d = step(d, "approve", cast.leader, MONDAY + hours(3))
    step(d, "return_result", cast.desk_officer, MONDAY + hours(4))
    assert MonthFigure.objects.get(measure=Measure.EARLY, month=month).count == 1
    assert MonthFigure.objects.get(measure=Measure.RETURNED, month=month).count == 1
    # The four stays closed (receive, process, approve, return) in the step table's month too.
    assert StepMonthFigure.objects.filter(month=month).aggregate(n=Sum("count"))["n"] == 4
    assert StepFigure.objects.aggregate(n=Sum("count"))["n"] == 4


def test_check_stats_lists_a_tampered_month_row_and_a_tampered_step_month_row(demo_year):
    month_row = MonthFigure.objects.filter(measure=Measure.RECEIVED, count__gt=0).first()
    MonthFigure.objects.filter(pk=month_row.pk).update(count=month_row.count + 2)
    step_row = StepMonthFigure.objects.filter(count__gt=0).first()
    StepMonthFigure.objects.filter(pk=step_row.pk).update(count=0)
    out = io.StringIO()
    assert _check(out) == 1
    text = out.getvalue()
    row = month_row
    key = f"month {row.month.isoformat()} {row.agency} {row.procedure} received {row.counter}"
    assert f"{key}: recount {month_row.count}, stored {month_row.count + 2}" in text
    assert f"stepmonth {step_row.month.isoformat()} {step_row.step} {step_row.agency}" in text
    call_command("rebuild_stats", stdout=io.StringIO())
    assert _check(io.StringIO()) == 0
    assert MonthFigure.objects.get(pk__isnull=False, **_key(month_row)).count == month_row.count


def _key(row: MonthFigure) -> dict[str, object]:
    return {"month": row.month, "agency": row.agency, "procedure": row.procedure, "measure": row.measure}


def _days_sum(first: dt.date, last: dt.date) -> dict[str, int]:
    rows = DayFigure.objects.filter(day__gte=first, day__lte=last).values_list("measure")
    rows = rows.annotate(n=Sum("count"))
    return {m: n for m, n in rows if n}


def test_periods_read_whole_months_from_the_month_table_and_edges_from_the_day_table(demo_year, cast):
    ids = list(type(cast.province.root).objects.values_list("pk", flat=True))
    busiest = MonthFigure.objects.filter(measure=Measure.RECEIVED).order_by("-count").first()
    first = busiest.month
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    periods = [
        Period(first, last, "the month"),
        Period(first.replace(month=1), first.replace(month=12, day=31), "its year"),
        Period(first + dt.timedelta(days=3), last, "ragged start"),
        Period(first - dt.timedelta(days=5), last + dt.timedelta(days=4), "ragged both ends"),
        Period(first + dt.timedelta(days=2), first + dt.timedelta(days=9), "inside one month"),
    ]
    # Every period adds up to exactly what its days hold.
    for period in periods:
        counted = {m: n for m, n in selectors.totals(ids, period).counts.items() if n}
        assert counted == _days_sum(period.start, period.end), period.label
    # The whole month is read from the month table, the ragged periods' edges from the day table.
    MonthFigure.objects.filter(pk=busiest.pk).update(count=busiest.count + 1000)
    assert selectors.totals(ids, periods[0])["received"] == _days_sum(first, last)["received"] + 1000
    inside = periods[4]
    assert selectors.totals(ids, inside)["received"] == _days_sum(inside.start, inside.end).get("received", 0)


def test_overdue_now_is_judged_at_the_start_of_the_hour_and_its_list_agrees(cast, flows):
    """Two dossiers being processed: one due two hours before the moment, one due ten minutes before it,
    in the same hour. At hh:30 the figure counts the first only, and so does the list behind it; an hour
    later both."""
    moment = timezone.now().replace(minute=30, second=0, microsecond=0)
    a, b = receive(cast, flows.simple, now=MONDAY), receive(cast, flows.simple, now=MONDAY)
    Dossier.objects.filter(pk=a.pk).update(due_at=moment - hours(2))
    Dossier.objects.filter(pk=b.pk).update(due_at=moment - dt.timedelta(minutes=10))
    call_command("rebuild_stats", stdout=io.StringIO())  # the rows were changed beside the services
    ids = [cast.province.commune_a.pk]
    for at, expected in ((moment, 1), (moment + hours(1), 2)):
        figure = selectors.fold_open(selectors.open_counts(ids, now=at)).get(0)
        listed = Dossier.objects.filter(drilldown.measure_q("overdue", ids, at.date(), at.date(), at))
        assert figure["overdue"] == listed.count() == expected


def test_the_dashboard_reads_the_open_table_once_and_no_dossier(demo_year, cast, login):
    client = login(cast.auditor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("stats:dashboard") + "?period=year")
    assert page.status_code == 200 and page.context["report"].total.value("received") > 0
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('"stats_openfigure"' in s for s in sql) == 1
    assert not [s for s in sql if 'FROM "dossiers_dossier"' in s]


def test_the_recount_rolls_days_up_into_months(demo_year):
    keys = recount.recount()
    months = {k: n for k, n in keys.items() if k[0] == "month"}
    days = {k: n for k, n in keys.items() if k[0] == "day"}
    assert months and sum(months.values()) == sum(days.values())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_table_figures_are_written_as_intcomma_writes_them(language):
    """The tables write their figures once per table instead of calling intcomma per cell: same text."""
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, translation

    from egov.stats.views.common import _grouped

    with translation.override(language):
        separator = str(formats.get_format("THOUSAND_SEPARATOR"))
        grouping = formats.get_format("NUMBER_GROUPING")
        for value in (0, 7, 999, 1000, 99803, 1234567):
            assert _grouped(value, separator, grouping) == intcomma(value)
