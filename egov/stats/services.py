"""Writes of the statistics app: rebuilding the summary tables from the dossiers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.core import audit
from egov.core.audit import Actor
from egov.stats import recount
from egov.stats.keeping import TABLES
from egov.stats.models import StatsState

WRITE_BATCH = 5_000


def rebuild(*, actor: Actor, progress: Callable[[str], None] | None = None) -> int:
    """Replace the summary tables by a recount of every dossier, in one transaction (moves taken meanwhile
    wait for it on the tables' rows; readers see the old figures until it commits).
    Returns the rows written."""
    keys = recount.recount()
    rows: dict[str, list[Any]] = defaultdict(list)
    for key, n in keys.items():
        if n:
            table, *values = key
            model, columns = TABLES[table]
            rows[table].append(model(**dict(zip(columns, values, strict=True)), count=n))
    with transaction.atomic():
        for table, (model, _columns) in TABLES.items():
            model.objects.all().delete()
            model.objects.bulk_create(rows[table], batch_size=WRITE_BATCH)
        if progress:
            progress(", ".join(f"{table}: {len(rows[table])}" for table in TABLES))
        state, _ = StatsState.objects.get_or_create(pk=1)
        state.rebuilt_at = timezone.now()
        state.save(update_fields=["rebuilt_at"])
        written = sum(len(r) for r in rows.values())
        audit.record(actor, "stats.rebuild", state, after={"rows": written})
    return written
