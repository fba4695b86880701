"""The dossiers behind a figure: for each measure, the filter on the dossiers that the summary tables count
(egov.stats.keeping), so the list a figure links to has exactly that many rows
(tests/stats/test_dashboard.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from egov.dossiers import deadlines
from egov.dossiers.models import PAUSED, Outcome, Status, Timeliness
from egov.stats.keeping import CLOSED_MEASURES
from egov.stats.models import Measure
from egov.stats.selectors import here_q, overdue_cut

_DATE_COLUMN: dict[str, str] = {
    Measure.SUBMITTED: "submitted_at",
    Measure.RECEIVED: "received_at",
    Measure.RECEIVED_ONLINE: "received_at",
    Measure.RECEIVED_POST: "received_at",
    "received_counter": "received_at",
    Measure.EARLY: "finished_at",
    Measure.ON_TIME: "finished_at",
    Measure.LATE: "finished_at",
    Measure.REFUSED: "finished_at",
    Measure.APOLOGISED: "finished_at",
    Measure.RETURNED: "returned_at",
    Measure.NOT_ACCEPTED: "status_changed_at",
    Measure.WITHDRAWN: "status_changed_at",
    Measure.STOPPED: "status_changed_at",
    Measure.ABANDONED: "status_changed_at",
}
#: The figures of the moment: the dossiers as they are now, whatever the period chosen.
NOW_MEASURES = ("overdue", "waiting", "running", "ready")
MEASURES = (*_DATE_COLUMN, "finished", *NOW_MEASURES)


def label(measure: str) -> str:
    from egov.stats.report import COLUMNS, COUNTER_COLUMNS

    names = {**dict(Measure.choices), **dict(COUNTER_COLUMNS), **dict(COLUMNS)}
    return str(names.get(measure, measure))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def measure_q(
    measure: str,
    agency_ids: list[int],
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    by_counter: bool = False,
) -> Q:
    """The dossiers counted by `measure` for these agencies: in the period for a measure of a period, now for
    "overdue", "waiting", "running" and "ready". `by_counter`: for these agencies as the counter that received
    them (the counter's view), else as the agency that resolves them."""
    counted_for = (
        Q(receiving_agency_id__in=agency_ids) if by_counter else Q(competent_agency_id__in=agency_ids)
    )
    if measure == "ready":
        return counted_for & Q(status=Status.RESOLVED)
    if measure == "overdue":
        return here_q(agency_ids) & deadlines.overdue_q(overdue_cut(now))
    if measure == "waiting":
        return here_q(agency_ids) & Q(status__in=PAUSED)
    if measure == "running":
        return (
            here_q(agency_ids)
            & deadlines.running_q()
            & (Q(due_at__isnull=False) | Q(correction_due_at__isnull=False))
        )
    column = "finished_at" if measure == "finished" else _DATE_COLUMN[measure]
    where = counted_for & Q(
        **{f"{column}__gte": _day_start(start), f"{column}__lt": _day_start(end + dt.timedelta(days=1))}
    )
    if measure in (Measure.EARLY, Measure.ON_TIME, Measure.LATE):
        return where & ~Q(outcome="") & Q(timeliness=measure)
    if measure == "finished":
        return where & ~Q(outcome="") & Q(timeliness__in=("early", "on_time", "late"))
    if measure == Measure.REFUSED:
        return where & Q(outcome=Outcome.REFUSED)
    if measure == Measure.RECEIVED_ONLINE:
        return where & Q(channel="online")
    if measure == Measure.RECEIVED_POST:
        return where & Q(channel="post")
    if measure == "received_counter":
        return where & ~Q(channel__in=["online", "post"])  # as the figure: received − online − post
    if measure == Measure.APOLOGISED:
        return where & ~Q(outcome="") & Q(timeliness=Timeliness.LATE, apologies__gt=0)
    statuses: dict[str, str] = {m: s for s, m in CLOSED_MEASURES.items()}
    if measure in statuses:
        return where & Q(status=Status(statuses[measure]))
    return where
