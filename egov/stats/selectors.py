"""Reads of the statistics: every figure comes from the summary tables (egov.stats.models), never from a
scan of the dossiers. The one exception is "overdue now" for dossiers due today, a range of one day on the
queues' index (`_due_today_overdue`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, Sum
from django.utils import timezone

from egov.dossiers import deadlines
from egov.dossiers.models import Dossier, DossierEvent
from egov.procedures.models import Procedure
from egov.stats.models import NO_DAY, DayFigure, Measure, OpenFigure, OpenState
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
    def finished(self) -> int:
        return self["early"] + self["on_time"] + self["late"]

    @property
    def in_time_share(self) -> float | None:
        """Share finished early or on time, of all finished; None when nothing finished."""
        return (self["early"] + self["on_time"]) / self.finished if self.finished else None

    def get(self, name: str) -> int:
        return self.finished if name == "finished" else self[name]


def _day_rows(agency_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None) -> Any:
    rows = DayFigure.objects.filter(agency__in=list(agency_ids), day__gte=period.start, day__lte=period.end)
    if procedure_ids is not None:
        rows = rows.filter(procedure__in=list(procedure_ids))
    return rows


def day_counts(
    agency_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None
) -> list[tuple[int, int, str, int]]:
    """(agency, procedure, measure, count) of the period: one grouped read that every split folds."""
    rows = _day_rows(agency_ids, period, procedure_ids).values_list("agency", "procedure", "measure")
    return [(a, p, m, n) for a, p, m, n in rows.annotate(n=Sum("count")).order_by()]


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
    for r in _day_rows(agency_ids, period, procedure_ids).values("measure").annotate(n=Sum("count")):
        result.counts[r["measure"]] += r["n"]
    return result


def split(
    by: str, agency_ids: Iterable[int], period: Period, procedure_ids: Iterable[int] | None = None
) -> dict[int, Figures]:
    """The period's figures per agency, procedure or field (`by`), keyed by its id."""
    column = "procedure" if by == "field" else by
    per: dict[int, Figures] = defaultdict(Figures)
    rows = _day_rows(agency_ids, period, procedure_ids).values(column, "measure").annotate(n=Sum("count"))
    fields = procedure_fields() if by == "field" else {}
    for r in rows:
        key = fields.get(r[column], 0) if by == "field" else r[column]
        per[key].counts[r["measure"]] += r["n"]
    return dict(per)


def procedure_fields() -> dict[int, int]:
    return dict(Procedure.objects.values_list("pk", "field_id"))


def field_procedures(field_id: int) -> list[int]:
    return list(Procedure.objects.filter(field_id=field_id).values_list("pk", flat=True))


def open_now(
    agency_ids: Iterable[int],
    procedure_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    by: str | None = None,
) -> dict[int, Figures]:
    """Overdue, waiting for the applicant and being processed now, per agency/procedure/handler (`by`), or
    all together under key 0 (by=None). The agency is where the dossier sits."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(agency_ids)
    rows = OpenFigure.objects.filter(agency__in=ids)
    if procedure_ids is not None:
        rows = rows.filter(procedure__in=list(procedure_ids))
    columns = [by] if by else []
    per: dict[int, Figures] = defaultdict(Figures)
    grouped = rows.values(*columns, "state").annotate(
        n=Sum("count"), late=Sum("count", filter=Q(state=OpenState.RUNNING, due_day__lt=today))
    )
    for r in grouped:
        f = per[r[by] if by else 0]
        f.counts[_NOW_NAMES[r["state"]]] += r["n"]
        f.counts["overdue"] += r["late"] or 0
    for key, n in _due_today_overdue(ids, procedure_ids, now, by).items():
        per[key].counts["overdue"] += n
    return dict(per)


_NOW_NAMES = {OpenState.RUNNING: "running", OpenState.WAITING: "waiting", OpenState.SUBMITTED: "submitted"}


def here_q(agency_ids: list[int]) -> Q:
    """Dossiers sitting at one of these agencies (where no step names one: the receiving agency)."""
    elsewhere = Q(current_agency__isnull=True, receiving_agency_id__in=agency_ids)
    return Q(current_agency_id__in=agency_ids) | elsewhere


def today_start(now: dt.datetime) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))


def _due_today_overdue(
    agency_ids: list[int], procedure_ids: Iterable[int] | None, now: dt.datetime, by: str | None
) -> dict[int, int]:
    start = today_start(now)
    rows = Dossier.objects.filter(
        here_q(agency_ids),
        deadlines.overdue_q(now),
        Q(correction_due_at__isnull=True, due_at__gte=start) | Q(correction_due_at__gte=start),
    )
    if procedure_ids is not None:
        rows = rows.filter(procedure_id__in=list(procedure_ids))
    if by is None:
        n = rows.count()
        return {0: n} if n else {}
    column = {"agency": "current_agency_id", "procedure": "procedure_id", "handler": "handler_id"}[by]
    found: dict[int, int] = defaultdict(int)
    for r in rows.order_by().values(column, "receiving_agency_id").annotate(n=Sum(1)):
        key = r[column] or (r["receiving_agency_id"] if by == "agency" else 0)
        found[key] += r["n"]
    return found


def last_update() -> dt.datetime | None:
    """The moment of the latest move the figures include (they are kept in each move's transaction)."""
    latest = DossierEvent.objects.aggregate(last=Max("pk"))["last"]
    if latest is None:
        return None
    return DossierEvent.objects.filter(pk=latest).values_list("at", flat=True).first()


__all__ = ["FLOW", "NOW", "NO_DAY", "Figures", "open_now", "split", "totals"]
