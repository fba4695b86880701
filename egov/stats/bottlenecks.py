"""Where dossiers are stuck: per workflow step and agency (and per handler), the median and 90th percentile
of the working hours a stay took against the step's allotment, from the step table's buckets; and who holds
the most overdue dossiers now. Percentiles are the upper bound of the bucket they fall in (egov.stats.keeping
.BUCKETS), so "median ≤ 8 h" reads exactly as the data allows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model

from egov.organizations.models import Agency
from egov.procedures.models import StepKind, WorkflowStep
from egov.stats import selectors
from egov.stats.keeping import BUCKETS
from egov.stats.periods import Period


@dataclass
class StepRow:
    step: int
    agency: int
    handler: int = 0
    histogram: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    late: int = 0
    name: str = ""
    procedure_name: str = ""
    procedure_code: str = ""
    agency_name: str = ""
    handler_name: str = ""
    allotted: Decimal | None = None
    #: Whether a stay at the step has a deadline. The return step's has none: the result waits there for the
    #: applicant to collect it, which is not the officers' time (egov.dossiers.steps), so none is late.
    timed: bool = True

    @property
    def count(self) -> int:
        return sum(self.histogram.values())

    def _bucket_at(self, share: float) -> int | None:
        """The bucket holding that share of the stays (None: no stays)."""
        wanted, seen = share * self.count, 0
        for bucket in sorted(self.histogram):
            seen += self.histogram[bucket]
            if seen >= wanted:
                return bucket
        return None

    def percentile(self, share: float) -> int | None:
        """The upper bound (working hours) of the bucket holding that share of the stays (None: above
        the last)."""
        bucket = self._bucket_at(share)
        return BUCKETS[bucket] if bucket is not None and bucket < len(BUCKETS) else None

    @property
    def median(self) -> int | None:
        return self.percentile(0.5)

    @property
    def p90(self) -> int | None:
        return self.percentile(0.9)

    @property
    def late_share(self) -> float:
        return self.late / self.count if self.count else 0.0

    @property
    def late_percent(self) -> int:
        return round(100 * self.late_share)

    @property
    def over_allotment(self) -> bool:
        """Whether one stay in ten or more certainly took longer than the step's allotment: the band holding
        the 90th percentile starts at or above it. (Its upper bound above the allotment is not enough: with
        half an hour allotted, "≤ 1" says nothing of who was over.) Never for a step without a deadline."""
        bucket = self._bucket_at(0.9)
        if not self.timed or self.allotted is None or not self.count or bucket is None:
            return False
        floor = BUCKETS[bucket - 1] if bucket > 0 else 0  # the band's lower bound
        return floor >= self.allotted


def steps(agency_ids: list[int], period: Period, by_handler: bool = False, top: int = 15) -> list[StepRow]:
    """The steps finished in the period at these agencies, the latest first (`ranked_steps`)."""
    return ranked_steps(agency_ids, period, by_handler, top)[0]


def ranked_steps(
    agency_ids: list[int], period: Period, by_handler: bool = False, top: int = 15
) -> tuple[list[StepRow], int]:
    """The `top` steps (× agency) finished in the period at these agencies that made the most late stays
    (then the larger share late, then the busier), and how many steps had stays in all."""
    # Without the handler, the table kept without it: a fraction of the rows (egov.stats.models).
    kind = "step" if by_handler else "stepagency"
    found = [r for r in _histograms(kind, period, by_handler, agency__in=agency_ids) if r.count]
    result = sorted(found, key=_latest_first)[:top]
    read = WorkflowStep.objects.filter(pk__in={r.step for r in result}).select_related("template__procedure")
    names = {s.pk: s for s in read}
    agencies = dict(Agency.objects.filter(pk__in={r.agency for r in result}).values_list("pk", "name"))
    people = _names({r.handler for r in result})
    for r in result:
        s = names.get(r.step)
        r.name = (s.name or s.get_kind_display()) if s else "?"
        r.allotted = s.allotted_hours if s else None
        r.timed = s is None or s.kind != StepKind.RETURN
        if s:  # a step's name ("Receive and check") says little without its procedure's
            r.procedure_name, r.procedure_code = s.template.procedure.name, s.template.procedure.code
        r.agency_name = agencies.get(r.agency, "?")
        r.handler_name = people.get(r.handler, "")
    return result, len(found)


def officers(shown: list[StepRow], period: Period, per_step: int = 5) -> list[StepRow]:
    """For each step row on the page, in its order, the officers who finished stays there in the period,
    the latest first (at most `per_step`): who makes a step slow. Read for those steps and agencies only,
    which the per-handler month table's index (agency, step, …) reaches directly, whatever the scope."""
    if not shown:
        return []
    wanted = {(r.step, r.agency): r for r in shown}
    found = _histograms(
        "step", period, True, agency__in={r.agency for r in shown}, step__in={r.step for r in shown}
    )
    per: dict[tuple[int, int], list[StepRow]] = defaultdict(list)
    for r in found:
        if r.count and (r.step, r.agency) in wanted:
            per[(r.step, r.agency)].append(r)
    result = []
    for key, parent in wanted.items():
        for r in sorted(per[key], key=_latest_first)[:per_step]:
            r.name, r.allotted, r.agency_name = parent.name, parent.allotted, parent.agency_name
            r.timed = parent.timed
            r.procedure_name, r.procedure_code = parent.procedure_name, parent.procedure_code
            result.append(r)
    people = _names({r.handler for r in result})
    for r in result:
        r.handler_name = people.get(r.handler, "")
    return result


def _histograms(kind: str, period: Period, by_handler: bool, **where: object) -> list[StepRow]:
    """One row per step and agency (and handler) with its stays' histogram and late stays."""
    # In the order of the month tables' covering indexes, so the rows are grouped as they are read.
    columns = ["agency", "step", "bucket", "late"] + (["handler"] if by_handler else [])
    found: dict[tuple[int, int, int], StepRow] = {}
    for agency, step, bucket, late, *handler, n in selectors.summed(kind, period, columns, **where):
        key = (step, agency, handler[0] if handler else 0)
        row = found.setdefault(key, StepRow(*key))
        row.histogram[bucket] += n
        if late:
            row.late += n
    return list(found.values())


def _latest_first(r: StepRow) -> tuple[int, float, int, int, int, int]:
    """The most late stays first — where dossiers are held up, not a step whose one stay was late — then
    the larger share late, then the busiest; ties in a fixed order (step, agency, handler), so a page read
    twice lists its rows the same way whatever order the database returned them in."""
    return (-r.late, -r.late_share, -r.count, r.step, r.agency, r.handler)


def _names(ids: set[int]) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=ids - {0})
    return {u.pk: u.get_full_name() for u in users}


@dataclass
class Holder:
    handler: int
    name: str
    overdue: int
    running: int


def overdue_holders(open_rows: list[selectors.OpenRow], top: int = 10) -> list[Holder]:
    """Who holds the most overdue dossiers now (0: dossiers nobody has taken yet), from the open dossiers the
    page's report read (`Report.open_rows`)."""
    per = selectors.fold_open(open_rows, by="handler")
    busiest = sorted(((k, f) for k, f in per.items() if f["overdue"]), key=lambda kf: -kf[1]["overdue"])[:top]
    people = _names({k for k, _f in busiest})
    return [Holder(k, people.get(k, ""), f["overdue"], f["running"]) for k, f in busiest]
