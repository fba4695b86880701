"""The dashboards open on a period with figures (the last 30 days; the indicators: the latest month with
dossiers), and "last updated" is when the summary tables were last written, not the latest history row's
own moment (a move recorded today may be dated in the past)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from egov.insight import selectors as insight_selectors
from egov.stats import keeping, selectors
from egov.stats.models import Measure, MonthFigure, StatsState
from tests.dossiers.conftest import MONDAY, receive


def _days_around(request) -> tuple[object, set[dt.date]]:
    """The answer and the local day before and after it: "today" as the page saw it is one of them (a
    constant taken when the tests were collected failed once the suite ran past Vietnam's midnight)."""
    before = timezone.localdate()
    answer = request()
    return answer, {before, timezone.localdate()}


@pytest.mark.parametrize("query", ["", "?period=xyz&year=abc", "?agency=999999"])
def test_the_dashboard_without_a_period_shows_the_last_30_days(cast, login, flows, query):
    client = login(cast.auditor)
    page, days = _days_around(lambda: client.get(reverse("stats:dashboard") + query))
    period = page.context["report"].period
    assert period.end in days and period.start == period.end - dt.timedelta(days=29)
    assert "30 ngày gần nhất" in page.content.decode()


def test_the_public_figures_without_a_period_are_the_last_30_days(client, flows):
    answer, days = _days_around(lambda: client.get(reverse("api:stats_figures")))
    data = answer.json()
    end = dt.date.fromisoformat(data["end"])
    assert end in days and data["start"] == (end - dt.timedelta(days=29)).isoformat()


def test_a_month_asked_for_is_still_that_month(cast, login, flows):
    page = login(cast.auditor).get(reverse("stats:dashboard") + "?period=month&year=2026&month=2")
    period = page.context["report"].period
    assert (period.start, period.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def _months_back(n: int) -> dt.date:
    first = timezone.localdate().replace(day=1)
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


def test_the_indicators_open_on_the_latest_month_with_dossiers(cast, login):
    root = cast.province.root
    commune = cast.province.commune_a
    MonthFigure.objects.create(
        agency=commune.pk, procedure=1, measure=Measure.RECEIVED, month=_months_back(2), count=3
    )
    MonthFigure.objects.create(
        agency=commune.pk, procedure=1, measure=Measure.EARLY, month=_months_back(1), count=2
    )
    today = timezone.localdate()
    period = insight_selectors.default_period(root, today)
    assert (period.kind, period.year, period.number) == ("month", _months_back(2).year, _months_back(2).month)
    page = login(cast.auditor).get(reverse("insight:indicators"))
    assert page.context["period"] == period
    # Outside the agency's subtree the data does not count: the justice department opens on this month.
    justice = insight_selectors.default_period(cast.province.justice, today)
    assert (justice.year, justice.number) == (today.year, today.month)


def test_the_indicators_of_a_month_asked_for(cast, login):
    page = login(cast.auditor).get(reverse("insight:indicators") + "?kind=quarter&year=2026&number=2")
    assert (page.context["period"].kind, page.context["period"].number) == ("quarter", 2)


def test_last_update_is_when_a_move_wrote_the_summaries_not_the_moves_date(cast, flows):
    StatsState.objects.update_or_create(pk=1, defaults={"rebuilt_at": None, "written_at": None})
    keeping._noted.clear()  # what this process noted before (in a committed transaction) does not count
    before = timezone.now().replace(second=0, microsecond=0)
    receive(cast, flows.simple, now=MONDAY)  # recorded now, dated 1 June 2026
    last = selectors.last_update()
    assert last is not None and last >= before


def test_a_rebuild_is_an_update(cast, flows):
    StatsState.objects.update_or_create(pk=1, defaults={"rebuilt_at": None, "written_at": MONDAY})
    before = timezone.now()
    call_command("rebuild_stats", verbosity=0)
    last = selectors.last_update()
    assert last is not None and last >= before


def test_the_moment_is_written_by_the_first_move_of_each_minute_only(db):
    StatsState.objects.update_or_create(pk=1, defaults={"written_at": None})
    keeping._noted.clear()  # what this process noted before (in a committed transaction) does not count
    ten = timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0, 5))

    def written() -> dt.datetime | None:
        return StatsState.objects.get(pk=1).written_at

    keeping._note_written(ten)
    assert written() == ten
    keeping._note_written(ten + dt.timedelta(seconds=50))  # the same minute: no write
    assert written() == ten
    keeping._note_written(ten + dt.timedelta(seconds=54))  # 10:00:59
    assert written() == ten
    keeping._note_written(ten + dt.timedelta(seconds=55))  # 10:01:00
    assert written() == ten + dt.timedelta(seconds=55)


def test_once_noted_and_committed_the_other_moves_of_the_minute_send_no_statement(
    db, django_capture_on_commit_callbacks, django_assert_num_queries
):
    StatsState.objects.update_or_create(pk=1, defaults={"written_at": None})
    keeping._noted.clear()
    ten = timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0, 5))
    with django_capture_on_commit_callbacks(execute=True):
        keeping._note_written(ten)
    with django_assert_num_queries(0):
        keeping._note_written(ten + dt.timedelta(seconds=30))
    with django_assert_num_queries(1):
        keeping._note_written(ten + dt.timedelta(seconds=60))


def test_the_trend_period_is_named_in_vietnamese():
    import datetime as dt

    from django.utils import translation

    from egov.stats.periods import Period

    with translation.override("vi"):
        label = Period(dt.date(2026, 11, 6), dt.date(2026, 12, 5), "").previous_year().label
    assert label == "cùng kỳ năm trước (06/11/2025–05/12/2025)"
