"""Writes of the statistics app: rebuilding the summary tables from the dossiers."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from egov.core import audit
from egov.core.audit import Actor
from egov.stats import recount
from egov.stats.models import DayFigure, OpenFigure, StatsState, StepFigure

WRITE_BATCH = 5_000


def rebuild(*, actor: Actor, progress: Callable[[str], None] | None = None) -> int:
    """Replace the summary tables by a recount of every dossier, in one transaction (moves taken meanwhile
    wait for it on the tables' rows; readers see the old figures until it commits).
    Returns the rows written."""
    keys = recount.recount()
    day, open_, step = [], [], []
    for key, n in keys.items():
        if not n:
            continue
        table, *rest = key
        if table == "day":
            day.append(DayFigure(day=rest[0], agency=rest[1], procedure=rest[2], measure=rest[3], count=n))
        elif table == "open":
            open_.append(
                OpenFigure(
                    agency=rest[0],
                    procedure=rest[1],
                    handler=rest[2],
                    state=rest[3],
                    due_day=rest[4],
                    count=n,
                )
            )
        else:
            step.append(
                StepFigure(
                    day=rest[0],
                    step=rest[1],
                    agency=rest[2],
                    handler=rest[3],
                    bucket=rest[4],
                    late=rest[5],
                    count=n,
                )
            )
    with transaction.atomic():
        for model in (DayFigure, OpenFigure, StepFigure):
            model.objects.all().delete()
        DayFigure.objects.bulk_create(day, batch_size=WRITE_BATCH)
        OpenFigure.objects.bulk_create(open_, batch_size=WRITE_BATCH)
        StepFigure.objects.bulk_create(step, batch_size=WRITE_BATCH)
        if progress:
            progress(f"day: {len(day)}, open: {len(open_)}, step: {len(step)}")
        state, _ = StatsState.objects.get_or_create(pk=1)
        state.rebuilt_at = timezone.now()
        state.save(update_fields=["rebuilt_at"])
        audit.record(actor, "stats.rebuild", state, after={"rows": len(day) + len(open_) + len(step)})
    return len(day) + len(open_) + len(step)
