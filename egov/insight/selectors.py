"""Reads of the insight app: the indicator tables of an agency and period, the IT comparison, evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from egov.insight import indicators, it_indicators, permissions
from egov.insight.definitions import Indicator, in_force, load
from egov.insight.models import ManualFigure
from egov.insight.periods import Period, latest_month_with_data
from egov.organizations.models import Agency
from egov.stats import selectors as stats_selectors


def agencies_for(user: Any) -> QuerySet[Agency]:
    """The agencies whose indicators the user reads, in tree order."""
    return Agency.objects.filter(permissions.readable_agencies_q(user), is_active=True).order_by("path")


def latest_figure(agency: Any, code: str, start: dt.date, end: dt.date) -> ManualFigure | None:
    return (
        ManualFigure.objects.filter(agency=agency, indicator=code, period_start=start, period_end=end)
        .order_by("-entered_at", "-id")
        .first()
    )


@dataclass
class Row:
    indicator: Indicator
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    figure: ManualFigure | None = None


def decision_766(agency: Any, period: Period) -> list[Row]:
    """Every indicator of Decision 766 for the agency and period: computed, or the latest manual entry."""
    if in_force("decision_766", period.end_day - dt.timedelta(days=1)) is None:
        return []
    start, end = period.bounds()
    rows = []
    for indicator in load("decision_766").indicators:
        if indicator.manual:
            figure = latest_figure(agency, indicator.code, period.first_day, period.end_day)
            rows.append(Row(indicator, figure.value if figure else None, figure=figure))
        else:
            ratio = indicators.COMPUTED[indicator.code](agency, start, end)
            rows.append(Row(indicator, ratio.percent, ratio.numerator, ratio.denominator))
    return rows


def it_table(
    agencies: list[Any], years: list[int]
) -> list[tuple[Indicator, list[tuple[Any, list[Decimal | None]]]]]:
    """For each IT indicator: per agency, its value in each year (None where no figure was entered)."""
    table = []
    for indicator in load("it_application").indicators:
        # Counted in one grouped query per indicator (egov.insight.it_indicators.grouped).
        counted = {} if indicator.manual else it_indicators.grouped(indicator.code, agencies, years)
        per_agency = []
        for agency in agencies:
            values: list[Decimal | None] = []
            for year in years:
                if indicator.manual:
                    figure = latest_figure(
                        agency, indicator.code, dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
                    )
                    values.append(figure.value if figure else None)
                else:
                    values.append(counted.get((agency.pk, year), Decimal(0)))
            per_agency.append((agency, values))
        table.append((indicator, per_agency))
    return table


def figure_for(user: Any, pk: int) -> ManualFigure | None:
    figure = ManualFigure.objects.select_related("agency").filter(pk=pk).first()
    if figure is None or not permissions.may_read(user, figure.agency):
        return None
    return figure


def default_period(agency: Agency, today: dt.date) -> Period:
    """The period the indicators open on: the latest month in which the agency's subtree received a dossier
    (the current month once it has one), so the page is not empty on a month's first days."""
    ids = list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
    return latest_month_with_data(stats_selectors.latest_month(ids, today), today)
