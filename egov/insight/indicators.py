"""Decision 766/QĐ-TTg's indicators that the dossiers support, one function per indicator.

Each takes the agency (its whole subtree counts: an agency's figure includes the units below it) and the
period [start, end) as aware datetimes, and returns a `Ratio` (numerator, denominator). The formulas are in
egov/insight/data/decision_766.json and docs/insight.md. Where egov.stats' summary tables hold the figure
(finished early / on time / late, late with an apology, received, received online, per agency and
procedure) it is read from them, for whole local days (the periods of the pages are whole months); the rest
is counted from the dossiers, bounded by the agency's subtree and the period on an indexed moment column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from egov.dossiers.models import OPEN, Attachment, Dossier, Status
from egov.procedures.models import Procedure, ServiceLevel
from egov.stats import selectors as stats_selectors
from egov.stats.models import Measure
from egov.stats.periods import Period as StatsPeriod
from egov.stats.selectors import Figures


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        """In per cent with one decimal; None when there is nothing to count."""
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / self.denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def subtree_ids(agency: Any) -> list[int]:
    """The agency and every agency below it: filtering dossiers on these ids uses the index on
    (competent_agency, received_at) where a join on the path prefix would not."""
    from egov.organizations.models import Agency

    return list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


def flows(
    agency: Any, start: dt.datetime, end: dt.datetime, procedure_ids: list[int] | None = None
) -> Figures:
    """The period's counts from egov.stats' summary tables (month rows for its whole months, day rows for
    the rest)."""
    return stats_selectors.totals(subtree_ids(agency), days(start, end), procedure_ids)


def days(start: dt.datetime, end: dt.datetime) -> StatsPeriod:
    """[start, end) as the summary tables count it: from `start`'s local day to the local day before `end`."""
    first, last = timezone.localdate(start), timezone.localdate(end - dt.timedelta(microseconds=1))
    return StatsPeriod(first, last, "")


def _received(agency: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        competent_agency_id__in=subtree_ids(agency), received_at__gte=start, received_at__lt=end
    )


def on_time(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P1: finished early or on time / finished, in the period (egov.stats' early, on time, late)."""
    f = flows(agency, start, end)
    return Ratio(f["early"] + f["on_time"], f.finished)


def overdue_open(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P2: of the dossiers open at `end` (or now, if sooner), those past their due moment.

    Only dossiers still open now can be judged this way (a dossier finished since `end` is not counted:
    its state at `end` is in its history, not in its row). For the current period this is exact.
    """
    # A period that has not ended yet is judged now: nothing is overdue at a moment still to come.
    moment = min(end, timezone.now())
    rows = Dossier.objects.filter(
        competent_agency_id__in=subtree_ids(agency), received_at__lt=moment, status__in=OPEN
    )
    return Ratio(rows.filter(due_at__lt=moment).count(), rows.count())


def apologised(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P3: late dossiers finished in the period with at least one apology / late ones (egov.stats'
    apologised and late)."""
    f = flows(agency, start, end)
    return Ratio(f[Measure.APOLOGISED], f[Measure.LATE])


def digitised_papers(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.D1: dossiers received in the period with at least one paper stored electronically / received."""
    rows = _received(agency, start, end)
    papers = Attachment.objects.filter(
        dossier=OuterRef("pk"), kind__in=(Attachment.Kind.PAPER, Attachment.Kind.SUPPLEMENT)
    )
    return Ratio(rows.filter(Exists(papers)).count(), rows.count())


def digitised_results(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.D2: dossiers returned in the period with a result file / dossiers returned in the period."""
    rows = Dossier.objects.filter(
        competent_agency_id__in=subtree_ids(agency),
        status=Status.RETURNED,
        returned_at__gte=start,
        returned_at__lt=end,
    )
    results = Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.RESULT)
    return Ratio(rows.filter(Exists(results)).count(), rows.count())


ONLINE_LEVELS = (ServiceLevel.PARTLY_ONLINE, ServiceLevel.FULLY_ONLINE)


def procedures_at(levels: tuple[str, ...]) -> list[int]:
    return list(Procedure.objects.filter(service_level__in=levels).values_list("pk", flat=True))


def filed_online(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.O1: of the period's received dossiers whose procedure is offered online, those filed online
    (egov.stats' received online and received, of those procedures)."""
    f = flows(agency, start, end, procedures_at(ONLINE_LEVELS))
    return Ratio(f[Measure.RECEIVED_ONLINE], f[Measure.RECEIVED])


def fully_online_procedures(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.O2: distinct procedures of the period's received dossiers offered fully online / all of them
    (egov.stats' received, per procedure)."""
    rows = stats_selectors.summed(
        "flow",
        days(start, end),
        ["procedure"],
        agency__in=subtree_ids(agency),
        measure=Measure.RECEIVED,
    )
    received = {procedure for procedure, n in rows if n}
    fully = Procedure.objects.filter(pk__in=received, service_level=ServiceLevel.FULLY_ONLINE).count()
    return Ratio(fully, len(received))


def paid_online(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.M1: of the period's received dossiers that have fees, those with an online payment confirmed."""
    from egov.payments.models import Payment

    rows = _received(agency, start, end).filter(fees__isnull=False).distinct()
    paid = Payment.objects.filter(dossier=OuterRef("pk"), state=Payment.State.PAID)
    return Ratio(rows.filter(Exists(paid)).count(), rows.count())


def satisfied(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.S1: ratings satisfied or very satisfied / ratings given in the period (egov.feedback)."""
    from egov.feedback.selectors import satisfaction

    s = satisfaction(subtree_ids(agency), start, end)
    return Ratio(s.satisfied, s.total)


COMPUTED: dict[str, Callable[[Any, dt.datetime, dt.datetime], Ratio]] = {
    "766.P1": on_time,
    "766.P2": overdue_open,
    "766.P3": apologised,
    "766.D1": digitised_papers,
    "766.D2": digitised_results,
    "766.O1": filed_online,
    "766.O2": fully_online_procedures,
    "766.M1": paid_online,
    "766.S1": satisfied,
}
