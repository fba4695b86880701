"""One report: the figures of a period over a set of agencies, split by agency, field and procedure, with
the same period a year earlier and the open dossiers now. The dashboard, the public page, the open data and
the exports all show this one object, so they never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.organizations.roles import AgencyKind
from egov.procedures.models import Field, Procedure
from egov.stats import selectors
from egov.stats.periods import Period
from egov.stats.selectors import Figures

#: The columns of every table: (name, label); names are measures of egov.stats.drilldown.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("received", _("Received")),
    ("finished", _("Finished")),
    ("early", _("Early")),
    ("on_time", _("On time")),
    ("late", _("Late")),
    ("refused", _("Refused")),
    ("withdrawn", _("Withdrawn")),
    ("overdue", _("Overdue now")),
    ("waiting", _("Waiting for the applicant")),
)
#: The counter's view (docs/stats.md, "The counter's view"): what its counter received, by channel, how the
#: dossiers it received fared, what it handed back and has waiting to hand back.
COUNTER_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("received", _("Received")),
    ("received_online", _("Online")),
    ("received_counter", _("At the counter")),
    ("received_post", _("By post")),
    ("finished", _("Finished")),
    ("early", _("Early")),
    ("on_time", _("On time")),
    ("late", _("Late")),
    ("returned", _("Result returned")),
    ("ready", _("Waiting to be returned")),
)
NOW_COLUMNS = {"overdue", "waiting", "ready"}
#: The dashboard's choice: each dossier counted for the agency that resolves it (""), or for the counter
#: that received it ("counter").
COUNTER_VIEW = "counter"


@dataclass
class Row:
    key: int
    name: str
    figures: Figures
    now: Figures
    kind: str = "agency"
    columns: tuple[tuple[str, Any], ...] = COLUMNS

    def value(self, name: str) -> int:
        return self.now[name] if name in NOW_COLUMNS else self.figures.get(name)

    def cells(self) -> list[tuple[str, int]]:
        return [(name, self.value(name)) for name, _label in self.columns]


@dataclass
class Report:
    period: Period
    previous: Period
    agency_ids: list[int]
    procedure_ids: list[int] | None
    total: Row
    last_year: Row
    by_agency: list[Row] = field(default_factory=list)
    by_field: list[Row] = field(default_factory=list)
    by_procedure: list[Row] = field(default_factory=list)
    made_at: dt.datetime | None = None
    #: The open dossiers now, read once (egov.stats.selectors.open_counts) for every table of the page.
    open_rows: list[selectors.OpenRow] = field(default_factory=list)
    #: "" (by the agency that resolves) or COUNTER_VIEW; `by_agency` is then per counter, and `by_resolver`
    #: splits the counters' dossiers by the agency that resolves them.
    view: str = ""
    columns: tuple[tuple[str, Any], ...] = COLUMNS
    by_resolver: list[Row] = field(default_factory=list)

    def trend(self) -> list[tuple[str, Any, int, int, float | None]]:
        """Per column of the period: (name, label, now, a year earlier, change in %)."""
        out = []
        for name, label in self.columns:
            if name in NOW_COLUMNS:
                continue
            a, b = self.total.value(name), self.last_year.value(name)
            out.append((name, label, a, b, (a - b) * 100 / b if b else None))
        return out


def row_names(agencies: list[Agency]) -> dict[int, str]:
    """Each agency's name as a table row shows it: an office or unit with its parent's name when the parent
    is among them ("Phòng Quản lý đất đai, Sở Nông nghiệp và Môi trường"): a province has one such office
    in several departments and communes, and the bare name does not say whose."""
    by_pk = {a.pk: a for a in agencies}
    names = {}
    for a in agencies:
        office = a.kind in (AgencyKind.OFFICE, AgencyKind.UNIT)
        parent = by_pk.get(a.parent_id) if office and a.parent_id is not None else None
        names[a.pk] = f"{a.name}, {parent.name}" if parent is not None else a.name
    return names


def build(
    agencies: list[Agency],
    period: Period,
    procedure_ids: list[int] | None = None,
    now: dt.datetime | None = None,
    top: int = 20,
) -> Report:
    """The report over `agencies` (each counted for itself: give the whole subtree)."""
    now = now or timezone.now()
    ids = [a.pk for a in agencies]
    open_rows = selectors.open_counts(ids, procedure_ids, now)
    open_all = selectors.fold_open(open_rows).get(0, Figures())
    counted = selectors.day_counts(ids, period, procedure_ids)
    total = Row(0, str(_("Total")), selectors.fold(counted, None).get(0, Figures()), open_all, "total")
    previous = period.previous_year()
    last_year = Row(
        0, str(previous.label), selectors.totals(ids, previous, procedure_ids), Figures(), "total"
    )
    report = Report(period, previous, ids, procedure_ids, total, last_year, made_at=now, open_rows=open_rows)

    per_agency = selectors.fold(counted, "agency")
    open_agency = selectors.fold_open(open_rows, by="agency")
    names = row_names(agencies)
    for a in agencies:
        f, o = per_agency.get(a.pk, Figures()), open_agency.get(a.pk, Figures())
        if f.counts or o.counts:
            report.by_agency.append(Row(a.pk, names[a.pk], f, o))

    fields_and_procedures(report, counted, open_rows, top)
    return report


def fields_and_procedures(
    report: Report, counted: list[tuple[int, int, str, int]], open_rows: list[Any], top: int
) -> None:
    """The tables per field and per procedure (the `top` most received), of rows (key, procedure, measure,
    count) and open rows (key, procedure, handler, state, count, overdue) whatever their first column."""
    columns = report.columns
    per_procedure = selectors.fold(counted, "procedure")
    open_procedure = selectors.fold_open(open_rows, by="procedure")

    per_field = selectors.fold(counted, "field")
    open_field: dict[int, Figures] = {}
    fields_of = selectors.procedure_fields()
    for key, o in open_procedure.items():
        target = open_field.setdefault(fields_of.get(key) or 0, Figures())
        for name, n in o.counts.items():
            target.counts[name] += n
    names = dict(Field.objects.values_list("pk", "name"))
    for key in sorted(
        set(per_field) | set(open_field), key=lambda k: -per_field.get(k, Figures())["received"]
    ):
        f, o = per_field.get(key, Figures()), open_field.get(key, Figures())
        report.by_field.append(Row(key, names.get(key, str(_("No field"))), f, o, "field", columns))

    busiest = sorted(per_procedure.items(), key=lambda kv: -kv[1]["received"])[:top]
    titles = dict(Procedure.objects.filter(pk__in=[k for k, _f in busiest]).values_list("pk", "name"))
    for key, f in busiest:
        report.by_procedure.append(
            Row(key, titles.get(key, "?"), f, open_procedure.get(key, Figures()), "procedure", columns)
        )
