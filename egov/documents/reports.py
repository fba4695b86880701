"""E-office reports for a period (docs/tasks.md#reports): incoming documents handled on time or late per
lead unit, tasks on time or late per lead unit, and the share of documents exchanged electronically per
agency — `electronic_share`, the selector other code calls (insight's IT.DOC indicator does).

Each figure is counted over an agency's subtree, by dates in the local time zone, inclusive of both ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from egov.documents.models import Direction, Document, DocumentEvent, DocumentFile, Recipient, Status
from egov.documents.work_models import Assignment
from egov.organizations.models import Agency
from egov.organizations.roles import AgencyKind

#: A delivery is electronic when its exchange status says so: delivered to an agency of this deployment
#: (issuance sets it) or sent by the edXML exchange or by official email.
ELECTRONIC_DELIVERY = (Recipient.ExchangeStatus.DELIVERED, Recipient.ExchangeStatus.SENT)


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's first moment and the moment after its last day, in the local time zone."""
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    return first, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _subtree(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path)


@dataclass(frozen=True)
class Share:
    """Documents exchanged electronically in a period, outgoing and incoming."""

    outgoing_electronic: int
    outgoing: int
    incoming_electronic: int
    incoming: int

    @property
    def outgoing_percent(self) -> Decimal:
        return percent(self.outgoing_electronic, self.outgoing)

    @property
    def incoming_percent(self) -> Decimal:
        return percent(self.incoming_electronic, self.incoming)

    @property
    def electronic(self) -> int:
        return self.outgoing_electronic + self.incoming_electronic

    @property
    def total(self) -> int:
        return self.outgoing + self.incoming

    @property
    def percent(self) -> Decimal:
        """Both directions together: electronic deliveries and receipts over all of them (%)."""
        return percent(self.electronic, self.total)


def electronic_share(agency: Agency, start: dt.date, end: dt.date) -> Share:
    """The share of documents exchanged electronically by the agency's subtree from `start` to `end`:

    - outgoing: the deliveries (recipients) of the documents issued in the period — electronic when made
      inside this deployment or sent by the exchange or by email (`ELECTRONIC_DELIVERY`), over all of them;
    - incoming: the documents registered in the period — electronic when they arrived from another agency
      of this deployment or their main file is an electronic original (digitally signed), over all of them.
    """
    first, after = _bounds(start, end)
    agencies = _subtree(agency).values("pk")
    issued = DocumentEvent.objects.filter(
        document=OuterRef("document"), action="issue", at__gte=first, at__lt=after
    )
    deliveries = (
        Recipient.objects.filter(document__agency__in=agencies, document__direction=Direction.OUTGOING)
        .filter(Exists(issued))
        .aggregate(
            n=Count("id"),
            e=Count("id", filter=Q(exchange_status__in=ELECTRONIC_DELIVERY)),
        )
    )
    signed = DocumentFile.objects.filter(document=OuterRef("pk"), role=DocumentFile.Role.MAIN).exclude(
        signatures=""
    )
    received = (
        Document.objects.filter(
            agency__in=agencies,
            direction=Direction.INCOMING,
            registered_at__gte=first,
            registered_at__lt=after,
        )
        .annotate(signed=Exists(signed))
        .aggregate(n=Count("id"), e=Count("id", filter=Q(source__isnull=False) | Q(signed=True)))
    )
    return Share(deliveries["e"], deliveries["n"], received["e"], received["n"])


def reporting_agencies(agency: Agency) -> list[Agency]:
    """The agency and the agencies directly below it (not its offices): the rows of the share table."""
    below = Agency.objects.filter(parent=agency, is_active=True).exclude(kind=AgencyKind.OFFICE)
    return [agency, *below.order_by("path")]


@dataclass(frozen=True)
class Timeliness:
    """Per lead unit: finished by the deadline, finished after it, still open past it, open and not due."""

    unit: str
    on_time: int
    late: int
    open_late: int
    open: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open_late + self.open

    @property
    def on_time_percent(self) -> Decimal:
        """Finished on time over everything due in the period that is finished or past its deadline."""
        return percent(self.on_time, self.on_time + self.late + self.open_late)

    def cells(self) -> list[Any]:
        return [
            self.unit,
            self.total,
            self.on_time,
            self.late,
            self.open_late,
            self.open,
            self.on_time_percent,
        ]


def _per_unit(rows: Any) -> list[Timeliness]:
    out = [Timeliness(r["unit_name"], r["on_time"], r["late"], r["open_late"], r["open"]) for r in rows]
    if out:
        out.append(
            Timeliness(
                "",
                sum(t.on_time for t in out),
                sum(t.late for t in out),
                sum(t.open_late for t in out),
                sum(t.open for t in out),
            )
        )
    return out


def incoming_timeliness(agency: Agency, start: dt.date, end: dt.date, today: dt.date) -> list[Timeliness]:
    """Incoming documents whose lead assignment is due in the period, per lead unit (the last row is the
    total, with an empty name): completed on or before the deadline's day, after it, not completed and
    past it, not completed and not yet due. Recalled documents are left out."""
    rows = (
        Assignment.objects.filter(
            part=Assignment.Part.LEAD,
            document__agency__in=_subtree(agency).values("pk"),
            document__direction=Direction.INCOMING,
            due_on__gte=start,
            due_on__lte=end,
        )
        .exclude(document__status__in=(Status.RECALLED, Status.REPLACED))
        .values("unit", unit_name=F("unit__name"))
        .annotate(
            on_time=Count("id", filter=Q(completed_at__date__lte=F("due_on"))),
            late=Count("id", filter=Q(completed_at__date__gt=F("due_on"))),
            open_late=Count("id", filter=Q(completed_at__isnull=True, due_on__lt=today)),
            open=Count("id", filter=Q(completed_at__isnull=True, due_on__gte=today)),
        )
        .order_by("unit_name", "unit")
    )
    return _per_unit(rows)


def task_timeliness(agency: Agency, start: dt.date, end: dt.date, today: dt.date) -> list[Timeliness]:
    """Tasks of the agency's subtree whose deadline (after any extension granted) falls in the period, per
    lead unit: done and reported done on or before the deadline's day, done after it, not done and past
    it, not done and not yet due. A completion awaiting the leader's confirmation is not done yet."""
    from egov.tasks.models import Status as TaskStatus
    from egov.tasks.models import Task

    done = Q(status=TaskStatus.DONE)
    rows = (
        Task.objects.filter(agency__in=_subtree(agency).values("pk"), due_on__gte=start, due_on__lte=end)
        .values("lead_unit", unit_name=F("lead_unit__name"))
        .annotate(
            on_time=Count("id", filter=done & Q(reported_done_at__date__lte=F("due_on"))),
            late=Count("id", filter=done & Q(reported_done_at__date__gt=F("due_on"))),
            open_late=Count("id", filter=~done & Q(due_on__lt=today)),
            open=Count("id", filter=~done & Q(due_on__gte=today)),
        )
        .order_by("unit_name", "lead_unit")
    )
    return _per_unit(rows)
