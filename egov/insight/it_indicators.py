"""IT-application indicators per agency and year, as the provincial reports give them (sources 002, 004):
the system counts what it knows; computers, email accounts and training are entered per agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from egov.insight.indicators import days, flows, procedures_at, subtree_ids
from egov.procedures.models import ServiceLevel
from egov.stats.models import Measure
from egov.stats.selectors import summed


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _online(agency: Any, year: int, level: str) -> Decimal:
    """Dossiers received in the year, filed online, of procedures at `level` (egov.stats' summary tables)."""
    figures = flows(agency, *year_bounds(year), procedures_at((level,)))
    return Decimal(figures[Measure.RECEIVED_ONLINE])


def documents_electronic(agency: Any, year: int) -> Decimal:
    """IT.DOC: the share (%) of the documents the agency's subtree exchanged in the year that went or came
    electronically: `documents.reports.electronic_share` (outgoing deliveries and incoming registrations)."""
    from egov.documents.reports import electronic_share

    return electronic_share(agency, dt.date(year, 1, 1), dt.date(year, 12, 31)).percent


def online_partly(agency: Any, year: int) -> Decimal:
    """IT.ONLINE_PART: dossiers of the year filed online whose procedure is offered partly online."""
    return _online(agency, year, ServiceLevel.PARTLY_ONLINE)


def online_fully(agency: Any, year: int) -> Decimal:
    """IT.ONLINE_FULL: dossiers of the year filed online whose procedure is offered fully online."""
    return _online(agency, year, ServiceLevel.FULLY_ONLINE)


def online_payments(agency: Any, year: int) -> Decimal:
    """IT.PAYMENTS: confirmed online payments of the dossiers the agency's subtree received in the year."""
    from egov.payments.models import Payment

    start, end = year_bounds(year)
    return Decimal(
        Payment.objects.filter(
            state=Payment.State.PAID,
            dossier__competent_agency_id__in=subtree_ids(agency),
            dossier__received_at__gte=start,
            dossier__received_at__lt=end,
        ).count()
    )


COMPUTED: dict[str, Callable[[Any, int], Decimal]] = {
    "IT.DOC": documents_electronic,
    "IT.ONLINE_PART": online_partly,
    "IT.ONLINE_FULL": online_fully,
    "IT.PAYMENTS": online_payments,
}


def grouped(code: str, agencies: list[Any], years: list[int]) -> dict[tuple[int, int], Decimal]:
    """The same figures as COMPUTED[code] for many agencies and years at once: one grouped query per
    indicator, counted per competent agency and year, then summed up each compared agency's subtree."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from egov.payments.models import Payment

    subtrees = {a.pk: set(subtree_ids(a)) for a in agencies}
    every = set().union(*subtrees.values()) if subtrees else set()
    start, end = year_bounds(min(years))[0], year_bounds(max(years))[1]
    counts: dict[tuple[int, int], int] = {}
    rows: Any
    if code in ("IT.ONLINE_PART", "IT.ONLINE_FULL"):
        level = ServiceLevel.PARTLY_ONLINE if code == "IT.ONLINE_PART" else ServiceLevel.FULLY_ONLINE
        procedures = procedures_at((level,))
        for year in years:
            for agency, n in summed(
                "flow",
                days(*year_bounds(year)),
                ["agency"],
                agency__in=every,
                procedure__in=procedures,
                measure=Measure.RECEIVED_ONLINE,
            ):
                counts[(agency, year)] = counts.get((agency, year), 0) + n
    elif code == "IT.PAYMENTS":
        rows = (
            Payment.objects.filter(
                state=Payment.State.PAID,
                dossier__competent_agency_id__in=every,
                dossier__received_at__gte=start,
                dossier__received_at__lt=end,
            )
            .annotate(year=ExtractYear("dossier__received_at"))
            .values_list("dossier__competent_agency_id", "year")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {(agency, year): n for agency, year, n in rows}
    elif code == "IT.DOC":
        return {(a.pk, y): documents_electronic(a, y) for a in agencies for y in years}
    return {
        (a.pk, y): Decimal(
            sum(n for (agency, year), n in counts.items() if year == y and agency in subtrees[a.pk])
        )
        for a in agencies
        for y in years
    }
