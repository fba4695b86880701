"""Reads of the statistics: every figure comes from the summary tables (egov.stats.models), never from a
scan of the dossiers: a period's figures from the month table for its whole months and the day table for
the rest, the figures of the moment ("overdue now" included) from the open table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, Sum
from django.utils import timezone

from egov.dossiers.models import DossierEvent
from egov.procedures.models import Procedure
from egov.stats.keeping import TABLES, due_hour
from egov.stats.models import Measure, MonthFigure, OpenFigure, OpenState, StatsState
from egov.stats.periods import Period

#: The figures of a period, in the order the pages show them.
FLOW = (
    Measure.RECEIVED,
    Measure.EARLY,
    Measure.ON_TIME,
    Measure.LATE,
    Measure.REFUSED,
    Measure.RETURNED,
    Measure.WITHDRAWN,
    Measure.STOPPED,
    Measure.ABANDONED,
    Measure.NOT_ACCEPTED,
    Measure.SUBMITTED,
)
#: Figures of the moment, not of a period.
NOW = ("overdue", "waiting", "running")


@dataclass
class Figures:
    """The counts of one row of a report (an agency, a field, a procedure, or everything)."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __getitem__(self, name: str) -> int:
        return self.counts.get(name, 0)

    @property
    def received_counter(self) -> int:
        """Received at the counter's desk: what was neither filed online nor sent by post."""
        return self["received"] - self["received_online"] - self["received_post"]

    @property
    def finished(self) -> int:
        return self["early"] + self["on_time"] + self["late"]

    @property
    def in_time_share(self) -> float | None:
        """Share finished early or on time, of all finished; None when nothing finished."""
        return (self["early"] + self["on_time"]) / self.finished if self.finished else None

    def get(self, name: str) -> int:
        if name == "finished":
            return self.finished
        return self.received_counter if name == "received_counter" else self[name]


#: The summary tables of each kind of figure: (day table, month table).
SUMMARIES: dict[str, tuple[type[Any], type[Any]]] = {
    "flow": (TABLES["day"][0], TABLES["month"][0]),
    "step": (TABLES["step"][0], TABLES["stepmonth"][0]),
    # The same stays without the handler: the day table grouped without it for the period's edges.
    "stepagency": (TABLES["step"][0], TABLES["stepagency"][0]),
}


def summed(kind: str, period: Period, columns: list[str], **where: Any) -> list[tuple[Any, ...]]:
    """The counts of the period grouped by `columns`, each row (*columns, count): the month table for the
    period's whole months and the day table for the days outside them, so a year reads 12 months of rows
    instead of 365 days. A group may come twice (from both tables): callers add the rows up."""
    day_model, month_model = SUMMARIES[kind]
    months, edges = period.parts()
    found: list[tuple[Any, ...]] = []
    if months:
        rows = month_model.objects.filter(month__gte=months[0], month__lte=months[1], **where)
        found += rows.values_list(*columns).annotate(n=Sum("count")).order_by()
    if edges:
        days = Q()
        for first, last in edges:
            days |= Q(day__gte=first, day__lte=last)
        rows = day_model.objects.filter(days, **where)
        found += rows.values_list(*columns).annotate(n=Sum("count")).order_by()
    return found


def _where(agency_ids: Iterable[int], procedure_ids: Iterable[int] | None) -> dict[str, Any]:
    where: dict[str, Any] = {"agency__in": list(agency_ids)}
    if procedure_ids is not None:
        where["procedure__in"] = list(procedure_ids)
    return where


def day_counts(
    agency_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None
) -> list[tuple[int, int, str, int]]:
    """(agency, procedure, measure, count) of the period: one grouped read that every split folds."""
    columns = ["agency", "procedure", "measure"]
    return summed("flow", period, columns, **_where(agency_ids, procedure_ids))


def _at_counters(counter_ids: Iterable[int], procedure_ids: Iterable[int] | None) -> dict[str, Any]:
    where: dict[str, Any] = {"counter__in": list(counter_ids)}
    if procedure_ids is not None:
        where["procedure__in"] = list(procedure_ids)
    return where


def counter_counts(
    counter_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None
) -> list[tuple[int, int, int, str, int]]:
    """(counter, agency, procedure, measure, count) of the period for the dossiers these counters received:
    the counter's view, one grouped read (covered by `stats_month_counter_cover` for whole months)."""
    columns = ["counter", "agency", "procedure", "measure"]
    return summed("flow", period, columns, **_at_counters(counter_ids, procedure_ids))


def counter_totals(
    counter_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None
) -> Figures:
    result = Figures()
    for measure, n in summed("flow", period, ["measure"], **_at_counters(counter_ids, procedure_ids)):
        result.counts[measure] += n
    return result


def ready_counts(
    counter_ids: Iterable[int], procedure_ids: Iterable[int] | None = None
) -> list[tuple[int, int, int, int]]:
    """(counter, agency, procedure, count) of the results waiting now to be handed back at these counters
    (the open table's `ready` rows, the only ones naming a counter: partial index `stats_open_counter`)."""
    rows = OpenFigure.objects.filter(counter__gt=0, counter__in=list(counter_ids), state=OpenState.READY)
    if procedure_ids is not None:
        rows = rows.filter(procedure__in=list(procedure_ids))
    grouped = rows.values_list("counter", "agency", "procedure").annotate(n=Sum("count")).order_by()
    return [(c, a, p, n) for c, a, p, n in grouped if n]


def fold(rows: list[tuple[int, int, str, int]], by: str | None) -> dict[int, Figures]:
    """The rows of `day_counts` added up per agency, procedure or field (`by`), or all under 0 (None)."""
    fields = procedure_fields() if by == "field" else {}
    per: dict[int, Figures] = defaultdict(Figures)
    for agency, procedure, measure, n in rows:
        if by == "agency":
            key = agency
        elif by == "procedure":
            key = procedure
        elif by == "field":
            key = fields.get(procedure) or 0
        else:
            key = 0
        per[key].counts[measure] += n
    return dict(per)


def totals(agency_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None) -> Figures:
    result = Figures()
    for measure, n in summed("flow", period, ["measure"], **_where(agency_ids, procedure_ids)):
        result.counts[measure] += n
    return result


def procedure_fields() -> dict[int, int]:
    return dict(Procedure.objects.values_list("pk", "field_id"))


def field_procedures(field_id: int) -> list[int]:
    return list(Procedure.objects.filter(field_id=field_id).values_list("pk", flat=True))


def overdue_cut(now: dt.datetime) -> dt.datetime:
    """The moment "overdue now" is judged at: the start of the current hour, because the open dossiers are
    kept per hour of their due moment (egov.stats.models.OpenFigure). The list behind the figure uses the
    same moment (egov.stats.drilldown), so both count the same dossiers."""
    return due_hour(now)


#: A row of `open_counts`: (agency, procedure, handler, state, count, overdue).
OpenRow = tuple[int, int, int, str, int, int]


def open_counts(
    agency_ids: Iterable[int],
    procedure_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    handlers: bool = False,
) -> list[OpenRow]:
    """The open dossiers now at these agencies (where each sits), grouped by agency, procedure, state and
    (with `handlers`; else 0) handler, with how many of them are overdue: one read of the open table that
    `fold_open` splits as each table of a page needs, so a page reads it once."""
    cut = overdue_cut(now or timezone.now())
    rows = OpenFigure.objects.filter(**_where(agency_ids, procedure_ids)).exclude(count=0)
    # The results waiting to be returned are the counter's view's (`ready_counts`), not a figure of these.
    rows = rows.exclude(state=OpenState.READY)
    columns = ["agency", "procedure", "state"] + (["handler"] if handlers else [])
    grouped = rows.values_list(*columns).annotate(
        n=Sum("count"), late=Sum("count", filter=Q(state=OpenState.RUNNING, due_hour__lt=cut))
    )
    if handlers:
        return [(a, p, h, state, n, late or 0) for a, p, state, h, n, late in grouped.order_by()]
    return [(a, p, 0, state, n, late or 0) for a, p, state, n, late in grouped.order_by()]


def fold_open(rows: list[OpenRow], by: str | None = None) -> dict[int, Figures]:
    """Overdue, waiting for the applicant and being processed now, per agency/procedure/handler (`by`), or
    all together under key 0 (by=None)."""
    per: dict[int, Figures] = defaultdict(Figures)
    for agency, procedure, handler, state, n, late in rows:
        f = per[{"agency": agency, "procedure": procedure, "handler": handler}[by] if by else 0]
        f.counts[_NOW_NAMES[state]] += n
        f.counts["overdue"] += late
    return dict(per)


def open_now(
    agency_ids: Iterable[int],
    procedure_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    by: str | None = None,
) -> dict[int, Figures]:
    """`fold_open` of `open_counts`: for a caller that needs one split only."""
    return fold_open(open_counts(agency_ids, procedure_ids, now), by)


_NOW_NAMES: dict[str, str] = {
    OpenState.RUNNING: "running",
    OpenState.WAITING: "waiting",
    OpenState.SUBMITTED: "submitted",
    OpenState.READY: "ready",
}


def here_q(agency_ids: list[int]) -> Q:
    """Dossiers sitting at one of these agencies (where no step names one: the receiving agency)."""
    elsewhere = Q(current_agency__isnull=True, receiving_agency_id__in=agency_ids)
    return Q(current_agency_id__in=agency_ids) | elsewhere


def latest_month(agency_ids: list[int], until: dt.date) -> dt.date | None:
    """The first day of the latest month, up to `until`'s, in which these agencies received a dossier."""
    return MonthFigure.objects.filter(
        agency__in=agency_ids, measure=Measure.RECEIVED, count__gt=0, month__lte=until
    ).aggregate(latest=Max("month"))["latest"]


def last_update() -> dt.datetime | None:
    """When the summary tables were last written: by a move (to the minute) or by `rebuild_stats`. Without
    that row (a database made without the migration's row): the moment of the latest history row."""
    state = StatsState.objects.filter(pk=1).values_list("written_at", "rebuilt_at").first()
    moments = [m for m in state or () if m is not None]
    if moments:
        return max(moments)
    latest = DossierEvent.objects.aggregate(last=Max("pk"))["last"]
    if latest is None:
        return None
    return DossierEvent.objects.filter(pk=latest).values_list("at", flat=True).first()


__all__ = ["FLOW", "NOW", "Figures", "fold_open", "open_counts", "open_now", "summed", "totals"]
