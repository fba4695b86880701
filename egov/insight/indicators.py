"""Decision 766/QĐ-TTg's indicators that the dossiers support, one function per indicator.

Each takes the agency (its whole subtree counts: an agency's figure includes the units below it) and the
period [start, end) as aware datetimes, and returns a `Ratio` (numerator, denominator). The formulas are in
egov/insight/data/decision_766.json and docs/insight.md. Every query is bounded by the agency's path prefix
and the period on an indexed moment column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from egov.dossiers.models import OPEN, Attachment, Dossier, Status, Timeliness
from egov.procedures.models import ServiceLevel


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
    (receiving_agency, received_at) where a join on the path prefix would not."""
    from egov.organizations.models import Agency

    return list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


def _received(agency: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        receiving_agency_id__in=subtree_ids(agency), received_at__gte=start, received_at__lt=end
    )


def _finished(agency: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        receiving_agency_id__in=subtree_ids(agency),
        finished_at__gte=start,
        finished_at__lt=end,
        timeliness__in=(Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE),
    )


def on_time(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P1: finished early or on time / finished, in the period."""
    rows = _finished(agency, start, end)
    return Ratio(rows.exclude(timeliness=Timeliness.LATE).count(), rows.count())


def overdue_open(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P2: of the dossiers open at `end` (or now, if sooner), those past their due moment.

    Only dossiers still open now can be judged this way (a dossier finished since `end` is not counted:
    its state at `end` is in its history, not in its row). For the current period this is exact.
    """
    # A period that has not ended yet is judged now: nothing is overdue at a moment still to come.
    moment = min(end, timezone.now())
    rows = Dossier.objects.filter(
        receiving_agency_id__in=subtree_ids(agency), received_at__lt=moment, status__in=OPEN
    )
    return Ratio(rows.filter(due_at__lt=moment).count(), rows.count())


def apologised(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.P3: late dossiers finished in the period with at least one apology / late ones."""
    late = _finished(agency, start, end).filter(timeliness=Timeliness.LATE)
    return Ratio(late.filter(apologies__gt=0).count(), late.count())


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
        receiving_agency_id__in=subtree_ids(agency),
        status=Status.RETURNED,
        returned_at__gte=start,
        returned_at__lt=end,
    )
    results = Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.RESULT)
    return Ratio(rows.filter(Exists(results)).count(), rows.count())


ONLINE_LEVELS = (ServiceLevel.PARTLY_ONLINE, ServiceLevel.FULLY_ONLINE)


def filed_online(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.O1: of the period's received dossiers whose procedure is offered online, those filed online."""
    rows = _received(agency, start, end).filter(procedure__service_level__in=ONLINE_LEVELS)
    return Ratio(rows.filter(channel="online").count(), rows.count())


def fully_online_procedures(agency: Any, start: dt.datetime, end: dt.datetime) -> Ratio:
    """766.O2: distinct procedures of the period's received dossiers offered fully online / all of them."""
    levels = dict(
        _received(agency, start, end).values_list("procedure_id", "procedure__service_level").distinct()
    )
    return Ratio(sum(1 for level in levels.values() if level == ServiceLevel.FULLY_ONLINE), len(levels))


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
