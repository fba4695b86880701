"""Run by test_lookup_ratelimit in its own process, on a fresh file database: two child processes (as two
gunicorn workers) each send look-ups from one client address at the same time. Prints the statuses as JSON."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
LIMIT, EACH = 6, 8


def worker(start: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue) -> None:  # type: ignore[name-defined]
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.EGOV_LOOKUP_LIMIT = LIMIT
    client = Client()
    start.wait()
    out.put([client.get("/tra-cuu/000.00.31.H99-261116-0001/").status_code for _ in range(EACH)])


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    connection.close()
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(2), ctx.Queue()  # both start sending once both are set up
    procs = [ctx.Process(target=worker, args=(start, out)) for _ in range(2)]
    for p in procs:
        p.start()
    a, b = out.get(timeout=240), out.get(timeout=240)
    for p in procs:
        p.join(timeout=60)
    from egov.core.ratelimit import RateCounter as LookupCounter

    counter = sum(LookupCounter.objects.values_list("count", flat=True))
    print(json.dumps({"a": a, "b": b, "limit": LIMIT, "counter": counter}))
