"""What the dashboard, its exports and the public page share: the filter, the scope, the links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from egov.organizations.models import Agency
from egov.organizations.roles import AgencyKind
from egov.stats import chart, counter_report, report, selectors
from egov.stats import kept as stats_kept
from egov.stats.forms import ReportForm
from egov.stats.periods import Period
from egov.stats.report import COUNTER_VIEW, Report, Row

T = TypeVar("T")


@dataclass
class Chosen:
    form: ReportForm
    agencies: list[Agency]
    procedure_ids: list[int] | None
    report: Report
    #: When the summary tables were last written, as of the report's making (egov.stats.selectors).
    last_update: dt.datetime | None = None
    #: With `choose(kept=True)`: the kept report's entry, where what is written from it is kept too.
    kept: stats_kept.Kept | None = None

    def memo(self, name: str, write: Callable[[], T]) -> T:
        """`write()`, made once while the report is kept (egov.stats.kept.Kept.memo), else each time."""
        return write() if self.kept is None else self.kept.memo(name, write)


@dataclass
class Filter:
    """What the request's filter chose, limited to the scope, before anything is counted."""

    form: ReportForm
    agencies: list[Agency]
    procedure_ids: list[int] | None
    period: Period


def chosen_filter(request: HttpRequest, scope: list[Agency], views: bool = False) -> Filter:
    """The request's filter (`ReportForm`), its agencies (the chosen one's subtree within `scope`), its
    procedures (one, a field's, or None for all) and its period."""
    data: QueryDict | None = request.GET or None
    if views and "view" not in request.GET and _counters_only(scope):
        # A service centre resolves nothing itself: counted by the agency that resolves, its every figure
        # is 0. Its leaders open on what the centre does, the counter's view; the filter shows the choice.
        data = request.GET.copy()
        data["view"] = COUNTER_VIEW
    form = ReportForm(data, scope, views=views)
    agencies = scope
    chosen = form.value("agency")
    if chosen is not None:
        root = next(a for a in scope if a.pk == chosen)
        agencies = [a for a in scope if a.path.startswith(root.path)]
    procedure_ids: list[int] | None = None
    if form.value("procedure") is not None:
        procedure_ids = [form.value("procedure")]
    elif form.value("field") is not None:
        procedure_ids = selectors.field_procedures(form.value("field"))
    return Filter(form, agencies, procedure_ids, form.chosen_period())


def _counters_only(scope: list[Agency]) -> bool:
    """Whether every root of the scope (an agency whose parent is outside it) is a public administration
    service centre: a one-stop counter that receives for other agencies and resolves nothing itself."""
    inside = {a.pk for a in scope}
    roots = [a for a in scope if a.parent_id not in inside]
    return bool(roots) and all(a.kind == AgencyKind.SERVICE_CENTER for a in roots)


def choose(
    request: HttpRequest,
    scope: list[Agency],
    kept: bool = False,
    views: bool = False,
) -> Chosen:
    """The report the request's filter asks for, limited to `scope` (with `kept`: the public pages' report
    kept a short while per process for the same filter, egov.stats.kept; with `views`: the choice of the
    counter's view offered, egov.stats.counter_report)."""
    f = chosen_filter(request, scope, views)
    form, agencies, procedure_ids, period = f.form, f.agencies, f.procedure_ids, f.period

    def build() -> Report:
        if form.value("view") == COUNTER_VIEW:
            return counter_report.build(agencies, period, procedure_ids)
        return report.build(agencies, period, procedure_ids)

    if not kept:
        return Chosen(form, agencies, procedure_ids, build(), selectors.last_update())
    key = (tuple(a.pk for a in agencies), tuple(procedure_ids or ()), procedure_ids is None, period)
    entry = stats_kept.report(key, build)
    return Chosen(form, agencies, procedure_ids, entry.report, entry.last_update, entry)


def drill_url(chosen: Chosen, row: Row, name: str, base: str = "") -> str:
    """The list of the dossiers behind one figure (egov.stats.drilldown); `base`: its address, if known."""
    period = chosen.report.period
    query: dict[str, Any] = {
        "measure": name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    if chosen.report.view:
        query["view"] = chosen.report.view
    if row.kind == "agency":
        query["at"] = row.key
    elif chosen.form.value("agency") is not None:
        query["in"] = chosen.form.value("agency")
    if row.kind == "resolver":  # the counter's view: its dossiers that this agency resolves
        query["resolver"] = row.key
    if row.kind == "procedure":
        query["procedure"] = row.key
    elif chosen.form.value("procedure") is not None:
        # Narrower than any row's field: with a procedure chosen, a field row counts that procedure only.
        query["procedure"] = chosen.form.value("procedure")
    elif row.kind == "field":
        query["field"] = row.key
    elif chosen.form.value("field") is not None:
        query["field"] = chosen.form.value("field")
    return (base or reverse("stats:dossiers")) + "?" + urlencode(query)


def _grouped(value: int, separator: str, grouping: object) -> str:
    """As `intcomma` writes it in the active language (Vietnamese: no grouping, as Django's format says)."""
    if grouping == 3:
        return f"{value:,}".replace(",", separator)
    if not grouping:
        return str(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def table(chosen: Chosen, rows: list[Row], links: bool) -> list[tuple[Row, list[tuple[str, str]]]]:
    """Each row with its cells: (the figure written as `intcomma` writes it, the link to its dossiers or "").
    Written here rather than by the filter in the template: a page has hundreds of cells, and the filter
    looked up the number format for each."""
    base = reverse("stats:dossiers")
    separator = str(formats.get_format("THOUSAND_SEPARATOR"))
    grouping = formats.get_format("NUMBER_GROUPING")
    return [
        (
            row,
            [
                (
                    _grouped(value, separator, grouping),
                    drill_url(chosen, row, name, base) if links and value else "",
                )
                for name, value in row.cells()
            ],
        )
        for row in rows
    ]


def timeliness_chart(r: Report) -> str:
    parts = [
        chart.Part("early", _("Early"), "hatch"),
        chart.Part("on_time", _("On time"), "solid"),
        chart.Part("late", _("Late"), "dots"),
    ]
    # The counter's view charts the agencies that resolve its dossiers: a centre is one counter, and how
    # its dossiers fare is what differs by department.
    title = _("Dossiers finished per agency: early, on time, late")
    if r.view:
        title = _("Dossiers received at these counters and finished, per agency that resolves them")
    rows = sorted(r.by_resolver if r.view else r.by_agency, key=lambda row: -row.figures.finished)[:12]
    return chart.stacked_bars(
        title,
        parts,
        [(row.name, [row.figures["early"], row.figures["on_time"], row.figures["late"]]) for row in rows],
    )


def headers(r: Report) -> list[Any]:
    return [label for _name, label in r.columns]
