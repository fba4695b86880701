"""The counter's view of a report (docs/stats.md, "The counter's view"): the dossiers each one-stop counter
received, whichever agency resolves them, read from the same summary rows as the default view by their
`counter` column; per counter, per agency that resolves, field and procedure, with the results waiting
there to be handed back."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.stats import selectors
from egov.stats.models import OpenState
from egov.stats.periods import Period
from egov.stats.report import COUNTER_COLUMNS, COUNTER_VIEW, Report, Row, fields_and_procedures, row_names
from egov.stats.selectors import Figures

READY = str(OpenState.READY)


def build(
    agencies: list[Agency],
    period: Period,
    procedure_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    top: int = 20,
) -> Report:
    """The counter's view over `agencies` (their counters: give the whole subtree): the dossiers each one
    received, per counter and per agency that resolves them, whichever agency that is."""
    now = now or timezone.now()
    ids = [a.pk for a in agencies]
    counted = selectors.counter_counts(ids, period, procedure_ids)
    ready = selectors.ready_counts(ids, procedure_ids)
    # As open rows (egov.stats.selectors.OpenRow), so the open table's folds serve: first column the counter.
    open_rows: list[selectors.OpenRow] = [(c, p, 0, READY, n, 0) for c, _a, p, n in ready]
    by_counter = [(c, p, m, n) for c, _a, p, m, n in counted]
    open_all = selectors.fold_open(open_rows).get(0, Figures())
    total_figures = selectors.fold(by_counter, None).get(0, Figures())
    total = Row(0, str(_("Total")), total_figures, open_all, "total", COUNTER_COLUMNS)
    previous = period.previous_year()
    last_year_figures = selectors.counter_totals(ids, previous, procedure_ids)
    last_year = Row(0, str(previous.label), last_year_figures, Figures(), "total", COUNTER_COLUMNS)
    report = Report(
        period,
        previous,
        ids,
        procedure_ids,
        total,
        last_year,
        made_at=now,
        open_rows=open_rows,
        view=COUNTER_VIEW,
        columns=COUNTER_COLUMNS,
    )
    per_counter, open_counter = selectors.fold(by_counter, "agency"), selectors.fold_open(open_rows, "agency")
    counters = row_names(agencies)
    for a in agencies:
        f, o = per_counter.get(a.pk, Figures()), open_counter.get(a.pk, Figures())
        if f.counts or o.counts:
            report.by_agency.append(Row(a.pk, counters[a.pk], f, o, "agency", COUNTER_COLUMNS))

    per_resolver = selectors.fold([(a, p, m, n) for _c, a, p, m, n in counted], "agency")
    ready_resolver: list[selectors.OpenRow] = [(a, p, 0, READY, n, 0) for _c, a, p, n in ready]
    open_resolver = selectors.fold_open(ready_resolver, "agency")
    names = dict(
        Agency.objects.filter(pk__in=set(per_resolver) | set(open_resolver)).values_list("pk", "name")
    )
    for key in sorted(
        set(per_resolver) | set(open_resolver),
        key=lambda k: (-per_resolver.get(k, Figures())["received"], names.get(k, "")),
    ):
        f, o = per_resolver.get(key, Figures()), open_resolver.get(key, Figures())
        report.by_resolver.append(Row(key, names.get(key, "?"), f, o, "resolver", COUNTER_COLUMNS))

    fields_and_procedures(report, by_counter, open_rows, top)
    return report
