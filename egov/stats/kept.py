"""The public statistics' reports kept for a short while in each worker process.

The public page `/thong-ke/`, its Excel file and the open data API answer anyone without signing in, and
each answer is a whole report over the province: at a million dossiers on PostgreSQL ~0.2 s of one worker,
so sixteen visitors at once stopped the page for everyone (docs/performance.md, "The public statistics
under HTTP load"). Every visitor who asks for the same filter in the same language gets the same figures,
so the report is built once and kept for `EGOV_STATS_PUBLIC_KEEP` seconds (default 60; 0 keeps nothing),
with the moment of the summaries' last update read when it was built, so the page says how fresh its
figures are. The summaries themselves are written to the minute (`StatsState.written_at`), so a minute
adds little to what the page already said. Kept per process (no cache server needed, nothing to pickle),
at most MAX_KEPT reports, the oldest dropped first. What is written from a report for everyone alike (the
page's tables and chart, the open data's rows: writing a province's hundreds of rows costs as much as
counting them) is kept beside it (`Kept.memo`). The leaders' dashboard is never kept: it reads live.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.utils import translation

from egov.stats import selectors
from egov.stats.report import Report

MAX_KEPT = 64

T = TypeVar("T")


@dataclass
class Kept:
    report: Report
    #: When the summary tables were last written, read when the report was made.
    last_update: dt.datetime | None
    made: float = 0.0  # time.monotonic() of its making
    kept: bool = True
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, name: str, write: Callable[[], T]) -> T:
        """What `write` makes of this report, made once while the report is kept (every visitor alike)."""
        if not self.kept:
            return write()
        if name not in self._memo:
            self._memo[name] = write()  # two visitors at once may both write it: the same value
        value: T = self._memo[name]
        return value


_lock = threading.Lock()
_kept: OrderedDict[Hashable, Kept] = OrderedDict()


def report(key: Hashable, build: Callable[[], Report]) -> Kept:
    """The report for `key` (the validated filter), with the summaries' last update as of its making:
    kept if made less than EGOV_STATS_PUBLIC_KEEP seconds ago, else made by `build` and kept."""
    keep = settings.EGOV_STATS_PUBLIC_KEEP
    if keep <= 0:
        return Kept(build(), selectors.last_update(), kept=False)
    full_key = (key, translation.get_language())  # labels and names are written in the visitor's language
    now = time.monotonic()
    with _lock:
        found = _kept.get(full_key)
        if found is not None and now - found.made < keep:
            _kept.move_to_end(full_key)
            return found
    # Built outside the lock: two visitors arriving together may both build it (once each per process).
    made = Kept(build(), selectors.last_update(), made=now)
    with _lock:
        _kept[full_key] = made
        _kept.move_to_end(full_key)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    return made


def forget_local() -> None:
    """Drop every kept report of this process (tests: each test's data are its own)."""
    with _lock:
        _kept.clear()
