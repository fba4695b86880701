"""Counting the summaries again from the dossiers and their step visits with SQL, independently of the
Python rules that keep them (egov.stats.keeping): `check_stats` compares the two, `rebuild_stats` writes
this count. Grouped per range of dossier ids so memory and each query stay bounded at millions of rows."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, DateField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Trunc, TruncDate

from egov.dossiers.models import PAUSED, RUNNING, Dossier, Outcome, Status, StepVisit, Timeliness
from egov.stats.keeping import BUCKETS, CLOSED_MEASURES, TABLES, TIMELINESS_MEASURES, Key, with_months
from egov.stats.models import NO_DUE, Measure, OpenState

BATCH = 200_000


def _fixed_offset() -> int | None:
    """The zone's offset from UTC in seconds if it has kept one offset since 1990 (Vietnam: +7 h)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offsets = {
        zone.utcoffset(dt.datetime(year, month, 1))
        for year in range(1990, 2041, 5)
        for month in (1, 4, 7, 10)
    }
    only = offsets.pop() if len(offsets) == 1 else None
    return int(only.total_seconds()) if only is not None else None


def _local_day(field: str) -> Func:
    """The local day of a moment column. On SQLite with a zone of one fixed offset, SQLite's own date()
    with that offset: Django's TruncDate calls a Python function per row there, the slowest part of a
    recount of millions of rows."""
    offset = _fixed_offset()
    if connection.vendor == "sqlite" and offset is not None:
        return Func(F(field), Value(f"{offset:+d} seconds"), function="date", output_field=DateField())
    return TruncDate(field, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def id_ranges(batch: int = BATCH) -> Iterator[tuple[int, int]]:
    ids = Dossier.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    if first is None or last is None:
        return
    for start in range(first, last + 1, batch):
        yield start, start + batch


def _grouped(rows: Any, date_field: str, where: Q, *columns: str) -> Iterator[tuple[Any, ...]]:
    """(day, (agency, procedure, counter), *columns, count) of the rows matching `where`, by the local day of
    `date_field`: one scan of the range per date column. The middle triple is what every day key holds
    besides its day and measure (`_day_key`)."""
    grouped = (
        rows.filter(where)
        .annotate(d=_local_day(date_field))
        .values_list("d", "competent_agency_id", "procedure_id", "receiving_agency_id", *columns)
        .annotate(n=Count("pk"))
    )
    for day, agency, procedure, counter, *rest in grouped:
        yield (day, (agency, procedure, counter or 0), *rest)


def _day_key(day: dt.date, who: tuple[int, int, int], measure: str) -> Key:
    agency, procedure, counter = who
    return ("day", day, agency, procedure, measure, counter)


def count_range(start: int, end: int) -> Counter[Key]:
    """Every key the dossiers with start <= id < end (and their finished visits) add to the tables."""
    rows = Dossier.objects.filter(pk__gte=start, pk__lt=end).order_by()
    keys: Counter[Key] = Counter()
    for day, who, n in _grouped(rows, "submitted_at", Q(submitted_at__isnull=False)):
        keys[_day_key(day, who, Measure.SUBMITTED)] += n
    for day, who, channel, n in _grouped(rows, "received_at", Q(received_at__isnull=False), "channel"):
        keys[_day_key(day, who, Measure.RECEIVED)] += n
        if channel == "online":
            keys[_day_key(day, who, Measure.RECEIVED_ONLINE)] += n
        elif channel == "post":
            keys[_day_key(day, who, Measure.RECEIVED_POST)] += n
    finished = rows.annotate(
        apologised=Case(When(apologies__gt=0, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    for day, who, timeliness, outcome, apologised, n in _grouped(
        finished,
        "finished_at",
        Q(finished_at__isnull=False) & ~Q(outcome=""),
        "timeliness",
        "outcome",
        "apologised",
    ):
        measure = TIMELINESS_MEASURES.get(timeliness)
        if measure is not None:
            keys[_day_key(day, who, measure)] += n
        if measure == Measure.LATE and apologised:
            keys[_day_key(day, who, Measure.APOLOGISED)] += n
        if outcome == Outcome.REFUSED:
            keys[_day_key(day, who, Measure.REFUSED)] += n
    for day, who, n in _grouped(rows, "returned_at", Q(returned_at__isnull=False)):
        keys[_day_key(day, who, Measure.RETURNED)] += n
    closed = Q(status__in=list(CLOSED_MEASURES))
    for day, who, status, n in _grouped(rows, "status_changed_at", closed, "status"):
        keys[_day_key(day, who, CLOSED_MEASURES[status])] += n
    keys.update(_open_counts(rows))
    keys.update(_step_counts(start, end))
    return with_months(keys)


def _open_counts(rows: Any) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    base = rows.annotate(
        here=Coalesce("current_agency_id", "receiving_agency_id"),
        who=Coalesce("handler_id", Value(0)),
    )
    for state, where in (
        (OpenState.SUBMITTED, Q(status=Status.SUBMITTED)),
        (OpenState.WAITING, Q(status__in=PAUSED)),
    ):
        for r in base.filter(where).values("here", "procedure_id", "who").annotate(n=Count("pk")):
            keys[("open", r["here"], r["procedure_id"], r["who"], state, NO_DUE, 0)] += r["n"]
    # Results waiting to be returned: for the agency that resolved them and the counter that hands them back.
    ready = rows.filter(status=Status.RESOLVED).values_list(
        "competent_agency_id", "procedure_id", "receiving_agency_id"
    )
    for agency, procedure, counter, n in ready.annotate(n=Count("pk")):
        keys[("open", agency, procedure, 0, OpenState.READY, NO_DUE, counter or 0)] += n
    running = (
        Q(status__in=RUNNING) | Q(status__in=PAUSED, paused_at__isnull=True, received_at__isnull=False)
    ) & (Q(due_at__isnull=False) | Q(correction_due_at__isnull=False))
    grouped = (
        base.filter(running)
        .annotate(d=Trunc(Coalesce("correction_due_at", "due_at"), "hour", tzinfo=dt.UTC))
        .values("here", "procedure_id", "who", "d")
        .annotate(n=Count("pk"))
    )
    for r in grouped:
        keys[("open", r["here"], r["procedure_id"], r["who"], OpenState.RUNNING, r["d"], 0)] += r["n"]
    return keys


def _bucket() -> Case:
    whens = [When(spent_hours__lte=bound, then=Value(i)) for i, bound in enumerate(BUCKETS)]
    return Case(*whens, default=Value(len(BUCKETS)), output_field=IntegerField())


def _step_counts(start: int, end: int) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    grouped = (
        StepVisit.objects.filter(
            dossier_id__gte=start, dossier_id__lt=end, finished_at__isnull=False, spent_hours__isnull=False
        )
        .order_by()
        .annotate(d=_local_day("finished_at"), b=_bucket(), who=Coalesce("handler_id", Value(0)))
        .values("d", "step_id", "agency_id", "who", "b", "timeliness")
        .annotate(n=Count("pk"))
    )
    for r in grouped:
        late = r["timeliness"] == Timeliness.LATE
        keys[("step", r["d"], r["step_id"], r["agency_id"], r["who"], r["b"], late)] += r["n"]
    return keys


def recount() -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for start, end in id_ranges():
        keys.update(count_range(start, end))  # update: += would drop non-positive keys, scanning them all
    return keys


def stored() -> Counter[Key]:
    """What the summary tables hold now (rows counting zero left out)."""
    keys: Counter[Key] = Counter()
    for table, (model, columns) in TABLES.items():
        for *key, n in model.objects.exclude(count=0).values_list(*columns, "count").iterator(10_000):
            keys[(table, *key)] = n
    return keys


def differences(expected: Counter[Key], actual: Counter[Key]) -> list[tuple[Key, int, int]]:
    """Each key whose stored count differs from the recount: (key, recounted, stored)."""
    found = []
    for key in sorted(set(expected) | set(actual), key=repr):
        if expected.get(key, 0) != actual.get(key, 0):
            found.append((key, expected.get(key, 0), actual.get(key, 0)))
    return found


def describe(key: Key) -> str:
    return " ".join(d.isoformat() if isinstance(d, dt.date) else str(d) for d in key)
