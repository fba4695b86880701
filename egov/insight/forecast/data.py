"""Snapshots from the database: finished dossiers' step visits to learn from, open dossiers to score.

Bounded reads: training takes the most recent `limit` step visits of finished dossiers (one indexed range
on the visits' start), scoring the open dossiers in batches.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Q

from egov.core import calendar
from egov.dossiers.models import OPEN, Dossier, DossierEvent, StepVisit, Timeliness
from egov.insight.forecast.model import Snapshot
from egov.procedures.models import StepKind

LOAD_WINDOW = dt.timedelta(days=7)


def _hours(a: dt.datetime, b: dt.datetime | None) -> float:
    if b is None:
        return 0.0
    return float(calendar.working_hours_between(a, b))


class LoadIndex:
    """Step visits started per handler, to count a handler's visits in the 7 days before a moment."""

    def __init__(self, rows: Iterable[tuple[int | None, dt.datetime]]) -> None:
        starts: dict[int, list[float]] = defaultdict(list)
        for handler, started in rows:
            if handler is not None:
                starts[handler].append(started.timestamp())
        self.starts = {h: sorted(v) for h, v in starts.items()}

    def load(self, handler: int | None, at: dt.datetime) -> float:
        if handler is None or handler not in self.starts:
            return 0.0
        times = self.starts[handler]
        end = at.timestamp()
        return float(
            bisect.bisect_right(times, end) - bisect.bisect_left(times, end - LOAD_WINDOW.total_seconds())
        )


def handlers_at_arrival(
    visits: Iterable[tuple[int, dt.datetime]], chunk: int = 500
) -> dict[tuple[int, dt.datetime], int | None]:
    """(dossier, moment) -> the handler the dossier had when it arrived at a step at that moment: the handler
    written on the history row of the move that brought it there. A stay's own `handler` is who held it in
    the end (taken later, or the official whose action finished it, `steps.close_visit`): learning from it
    would teach the forecast what nobody knew when the step began, and an open dossier nobody has taken yet
    is scored with none."""
    wanted = set(visits)
    dossiers = sorted({d for d, _ in wanted})
    found: dict[tuple[int, dt.datetime], int | None] = {}
    for i in range(0, len(dossiers), chunk):
        rows = DossierEvent.objects.filter(dossier_id__in=dossiers[i : i + chunk], to_step__isnull=False)
        for dossier, at, handler in rows.values_list("dossier_id", "at", "handler_id").order_by():
            if (dossier, at) in wanted:
                found[(dossier, at)] = handler
    return found


def training_snapshots(limit: int = 50_000) -> list[Snapshot]:
    """Each step visit of a finished dossier (late or not) as it stood when the step began: its handler then
    (`handlers_at_arrival`), the load of that handler in the week before."""
    finished = (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE)
    visits = list(
        StepVisit.objects.filter(dossier__timeliness__in=finished, dossier__due_at__isnull=False)
        .exclude(step__kind=StepKind.RETURN)
        .order_by("-started_at")
        .values_list(
            "started_at",
            "dossier_id",
            "agency_id",
            "step__kind",
            "step__allotted_hours",
            "dossier__procedure_id",
            "dossier__due_at",
            "dossier__timeliness",
        )[:limit]
    )
    if not visits:
        return []
    oldest = visits[-1][0] - LOAD_WINDOW
    loads = LoadIndex(
        StepVisit.objects.filter(started_at__gte=oldest).values_list("handler_id", "started_at")
    )
    at_arrival = handlers_at_arrival((dossier, started) for started, dossier, *_ in visits)
    return [
        Snapshot(
            procedure=procedure,
            agency=agency,
            step=kind,
            hours_left=_hours(started, due),
            load=loads.load(at_arrival.get((dossier, started)), started),
            allotted=float(allotted or 0),
            late=timeliness == Timeliness.LATE,
            at=started.timestamp(),
        )
        for started, dossier, agency, kind, allotted, procedure, due, timeliness in visits
    ]


def open_snapshots(now: dt.datetime, batch: int = 2000) -> Iterator[tuple[int, Snapshot]]:
    """(dossier id, snapshot now) for every open dossier with a due moment and a current step."""
    loads = LoadIndex(
        StepVisit.objects.filter(started_at__gte=now - LOAD_WINDOW, started_at__lte=now).values_list(
            "handler_id", "started_at"
        )
    )
    rows = (
        Dossier.objects.filter(status__in=OPEN, due_at__isnull=False)
        .filter(~Q(current_step=None))
        .order_by("pk")
        .values_list(
            "pk",
            "procedure_id",
            "current_agency_id",
            "current_kind",
            "current_step__allotted_hours",
            "handler_id",
            "due_at",
        )
    )
    for pk, procedure, agency, kind, allotted, handler, due in rows.iterator(chunk_size=batch):
        yield (
            pk,
            Snapshot(
                procedure=procedure,
                agency=agency or 0,
                step=kind,
                hours_left=_hours(now, due),
                load=loads.load(handler, now),
                allotted=float(allotted or 0),
            ),
        )
