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
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Trunc, TruncDate

from egov.dossiers.models import PAUSED, RUNNING, Dossier, Outcome, Status, StepVisit, Timeliness
from egov.stats.keeping import BUCKETS, CLOSED_MEASURES, TABLES, TIMELINESS_MEASURES, Key, with_months
from egov.stats.models import NO_DUE, Measure, OpenState

BATCH = 200_000


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def id_ranges(batch: int = BATCH) -> Iterator[tuple[int, int]]:
    ids = Dossier.objects.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    if first is None or last is None:
        return
    for start in range(first, last + 1, batch):
        yield start, start + batch


def _day_counts(rows: Any, date_field: str, where: Q, measure: str) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    grouped = (
        rows.filter(where)
        .annotate(d=_local_day(date_field))
        .values("d", "receiving_agency_id", "procedure_id")
        .annotate(n=Count("pk"))
    )
    for r in grouped:
        keys[("day", r["d"], r["receiving_agency_id"], r["procedure_id"], measure)] += r["n"]
    return keys


def count_range(start: int, end: int) -> Counter[Key]:
    """Every key the dossiers with start <= id < end (and their finished visits) add to the tables."""
    rows = Dossier.objects.filter(pk__gte=start, pk__lt=end).order_by()
    keys: Counter[Key] = Counter()
    keys += _day_counts(rows, "submitted_at", Q(submitted_at__isnull=False), Measure.SUBMITTED)
    keys += _day_counts(rows, "received_at", Q(received_at__isnull=False), Measure.RECEIVED)
    online = Q(received_at__isnull=False, channel="online")
    keys += _day_counts(rows, "received_at", online, Measure.RECEIVED_ONLINE)
    finished = Q(finished_at__isnull=False) & ~Q(outcome="")
    for timeliness, measure in TIMELINESS_MEASURES.items():
        keys += _day_counts(rows, "finished_at", finished & Q(timeliness=timeliness), measure)
    apologised = finished & Q(timeliness=Timeliness.LATE, apologies__gt=0)
    keys += _day_counts(rows, "finished_at", apologised, Measure.APOLOGISED)
    keys += _day_counts(rows, "finished_at", finished & Q(outcome=Outcome.REFUSED), Measure.REFUSED)
    keys += _day_counts(rows, "returned_at", Q(returned_at__isnull=False), Measure.RETURNED)
    for status, measure in CLOSED_MEASURES.items():
        keys += _day_counts(rows, "status_changed_at", Q(status=status), measure)
    keys += _open_counts(rows)
    keys += _step_counts(start, end)
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
            keys[("open", r["here"], r["procedure_id"], r["who"], state, NO_DUE)] += r["n"]
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
        keys[("open", r["here"], r["procedure_id"], r["who"], OpenState.RUNNING, r["d"])] += r["n"]
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
        keys += count_range(start, end)
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
