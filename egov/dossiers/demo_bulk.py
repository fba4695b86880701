"""Bulk dossiers for the benchmarks and the demo's past (development only): N dossiers with their history
rows and step visits written straight to their tables (egov.dossiers.bulk_rows: executemany on SQLite, COPY
on PostgreSQL), consistent with what the services would have written. Nothing else may write dossiers while
it runs: it gives the primary keys itself. The same seed gives the same rows.

A steady flow up to now: every dossier is received at a moment spread evenly over the period, its steps
are timed, and the clock decides how far it got. A step is finished only if its planned end is before now,
so the dossiers received in the last days and weeks are the open ones, and the last month receives and
finishes as many as any other (a leader's trend against the same period last year sees no collapse that
never happened). Each step happens where the services would place it (`places.step_place`: a `local_unit`
step at the named agency's unit serving the receiving commune). Each flow is drawn as often as a province's
volumes say (`demo_volumes`: a third of the receipts at the provincial counters, the rest shared by the
communes, common procedures more often than rare ones), with one `bisect` on cumulative weights.

What keeps it fast (docs/performance.md, "The bulk generator"):

- Everything that depends only on a flow (workflow × receiving counter) is worked out once per flow
  (`_Flow`): each step's place, who may hold it, its allotted time in microseconds, the action and statuses of
  the move into it, the procedure's time limit; the time a step takes once per flow, pace and season.
- Moments are whole microseconds since 1970 (UTC) from the calendar's microsecond answers
  (`WorkingCalendar.add_working_micros`: the same year-index arithmetic, no aware datetime per deadline),
  compared as integers, and written as text once per moment (`bulk_rows.Moments`).
- What depends only on the receipt day (the code's date, the rules in force) is looked up once per day.
- The random draws are taken through `random.Random`'s `_randbelow` and `random` directly (`choice`,
  `randint`, `randrange` and `choices` are those plus checks and, for `choices`, the cumulative weights
  worked out again on every call).
- Rows are tuples in the order the tables were told (`bulk_rows.Table`), not dicts mapped column by column.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from egov.core.calendar import get_calendar, time_limit
from egov.core.calendar.engine import WorkingCalendar, to_timedelta
from egov.core.text import search_key
from egov.dossiers import bulk_indexes, bulk_parallel, bulk_pipe, bulk_rows, codes, deadlines
from egov.dossiers.demo_data import Flow, person, usable_flows
from egov.dossiers.demo_volumes import flow_weights
from egov.dossiers.intake import Applicant
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, Outcome, Status, StepVisit, Timeliness
from egov.dossiers.rules import rules_by_version, rules_for
from egov.organizations.models import Agency, RoleGrant
from egov.procedures import places
from egov.procedures.models import StepKind, TimeUnit, WorkflowStep

#: The statuses of a bench's data set as it always had them (13 % open). The finished ones are the fates the
#: generator draws (`FATES`): what becomes of a dossier if the clock lets it get there. The open ones are
#: the backlog `open_share` asks for beyond what the flow leaves open (`HELD`, in these proportions).
STATUS_MIX: list[tuple[str, float]] = [
    (Status.RETURNED, 0.80),
    (Status.RESOLVED, 0.04),
    (Status.PROCESSING, 0.08),
    (Status.RECEIVED, 0.02),
    (Status.SUPPLEMENT, 0.02),
    (Status.SUBMITTED, 0.01),
    (Status.NOT_ACCEPTED, 0.01),
    (Status.WITHDRAWN, 0.01),
    (Status.STOPPED, 0.01),
]
#: The smallest load for which `bulk_generate` sets the indexes aside by itself (when it at least doubles
#: the table): below it the rows fit the cache and building every index again costs more than it spares.
ASIDE_FROM = 100_000
#: `bulk_generate`'s default `open_share`: the benches' queues as they always had them.
BENCH_OPEN_SHARE = 0.13
#: Share of the allotted time each step of a dossier takes.
PACES = [0.3, 0.6, 0.9, 1.0, 1.3]
CHANNELS = ["counter", "counter", "online", "post"]
RETURN_HOURS = [1, 4, 16]

# Plain strings (not the enum members): compared and written millions of times.
SUBMITTED, RECEIVED, PROCESSING = Status.SUBMITTED.value, Status.RECEIVED.value, Status.PROCESSING.value
SUPPLEMENT, RESOLVED, RETURNED = Status.SUPPLEMENT.value, Status.RESOLVED.value, Status.RETURNED.value
NOT_ACCEPTED, WITHDRAWN, STOPPED = Status.NOT_ACCEPTED.value, Status.WITHDRAWN.value, Status.STOPPED.value
OPEN = frozenset({SUBMITTED, RECEIVED, PROCESSING, SUPPLEMENT})
NEVER_RECEIVED = frozenset({SUBMITTED, NOT_ACCEPTED})
EARLY, ON_TIME, LATE = Timeliness.EARLY.value, Timeliness.ON_TIME.value, Timeliness.LATE.value
GRANTED, REFUSED = Outcome.GRANTED.value, Outcome.REFUSED.value
NO_DUE = Timeliness.NONE.value
#: The working hours spent at the return step, as the services count them (deadlines.visit_spent).
RETURN_SPENT = [Decimal(h) for h in RETURN_HOURS]
FATES = [(s, w) for s, w in STATUS_MIX if s not in OPEN]
#: A held dossier's status, drawn uniformly from this list: the open statuses in STATUS_MIX's proportions.
HELD = [str(s) for s, w in STATUS_MIX if s in OPEN for _ in range(round(w * 100))]

HOUR = 3_600_000_000  # microseconds
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)

# The attributes the generator gives, in the order its row tuples hold them (bulk_rows.Table).
DOSSIER_COLUMNS = (
    "id",
    "code",
    "submission_ref",
    "procedure_id",
    "workflow_id",
    "rules_version",
    "receiving_agency_id",
    "competent_agency_id",
    "channel",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_folded",
    "summary",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "status_changed_at",
    "current_step_id",
    "current_kind",
    "current_role",
    "current_agency_id",
    "handler_id",
    "step_started_at",
    "step_due_at",
    "finished_at",
    "returned_at",
    "outcome",
    "timeliness",
    "paused_from",
    "paused_at",
)
EVENT_COLUMNS = (
    "id",
    "dossier_id",
    "action",
    "at",
    "actor_id",
    "actor_name",
    "from_status",
    "to_status",
    "from_step_id",
    "to_step_id",
    "from_agency_id",
    "to_agency_id",
    "handler_id",
    "due_at",
)
VISIT_COLUMNS = (
    "id",
    "dossier_id",
    "step_id",
    "agency_id",
    "handler_id",
    "started_at",
    "due_at",
    "finished_at",
    "spent_hours",
    "timeliness",
)


def _micros(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // _MICRO


def bulk_generate(
    n: int,
    *,
    now: dt.datetime | None = None,
    days: int = 730,
    seed: int = 1,
    chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
    writer_process: bool = False,
    open_share: float | None = BENCH_OPEN_SHARE,
    indexes_aside: bool | None = None,
    processes: int = 1,
) -> int:
    """Write `n` dossiers received over the last `days`, with history rows and step visits, in chunks.

    `open_share`: the share of the dossiers open at `now`, at least. The flow leaves open by itself the
    dossiers received recently whose steps have not ended (on the demo province 0.7 % of two years'
    receipts, about the last five working days'); `None` asks for no more: the demo's past (`manage.py demo
    --history`). A larger share, the 13 % a bench's queues always had (the default), is made up with a
    backlog: dossiers held at a step (processing, received, waiting for papers) or submitted online and
    never answered, in STATUS_MIX's proportions, received like all the others at moments spread over the
    whole period (a backlog that built up, not a rush of receipts in the last weeks). Each run holds a
    dossier whenever the open ones so far fall below the share, so the share is met closely whatever the
    flow leaves.

    `writer_process`: write in a second process while this one generates the next chunk (bulk_pipe), when
    another process can write to the database. Off by default: on the 2-core development machine, shared
    and loaded, it gave no more dossiers per second than one process and cost ~10 % more CPU
    (docs/performance.md, "The bulk generator"); a machine with a free core may differ.

    `processes`: generate and write in that many processes side by side (egov.dossiers.bulk_parallel), when
    other processes can see the database; the same seed and number of processes give the same rows, another
    number another set with the same spread. `progress` is then told once, at the end.

    `indexes_aside`: drop the tables' secondary indexes for the load and build them after it
    (egov.dossiers.bulk_indexes); `None` does so for a load of at least `ASIDE_FROM` dossiers that at
    least doubles the table, where building them again costs less than keeping them up row by row, if the
    connection may (on PostgreSQL the tables' owner, not the application's role).

    Deadlines come from the calendar (one answer per dossier per step). Codes follow the national format
    with daily sequences per prefix (egov.dossiers.codes), saved so later receipts continue after them;
    online submissions never accepted carry a submission reference instead.
    """
    bulk_indexes.restore()  # those a stopped run left aside, first
    have = Dossier.objects.count()
    # A top-up of an existing data set draws other random references than the first run did (the same
    # seed drew the same ones again and hit the unique submission_ref); a fresh set is as before.
    rng = random.Random(seed if have == 0 else f"{seed}:{have}")
    now = now or timezone.now()
    flows = usable_flows()
    if not flows:
        raise LookupError("no published workflow with staffed steps: build the demo province first")
    tables = _Tables(now)
    world = _World(flows, now, days, tables, open_share)
    sequences: dict[tuple[str, dt.date], int] = {
        (p, d): last for p, d, last in CodeSequence.objects.values_list("prefix", "day", "last")
    }
    done = 0
    two = writer_process and n > chunk and bulk_pipe.usable()
    tables_written = [Dossier, DossierEvent, StepVisit]
    if indexes_aside is None:
        indexes_aside = n >= max(ASIDE_FROM, have) and bulk_indexes.may_set_aside(tables_written)
    aside = bulk_indexes.set_aside(tables_written, processes) if indexes_aside else nullcontext()
    parallel = processes > 1 and n > chunk and bulk_pipe.usable()
    with aside:
        if parallel:
            kit = bulk_parallel.Kit(CHANNELS, _make_chunk, _writer, tables_written)
            # a top-up draws other references than the first run, as one process does (above)
            part_seed = seed if have == 0 else f"{seed}:{have}"
            done = bulk_parallel.generate(
                n, processes, seed=part_seed, chunk=chunk, world=world, tables=tables, sequences=sequences,
                kit=kit,
            )  # fmt: skip
            if progress:
                progress(done)
        else:
            with _writer(tables, progress, two) as put:
                for size in bulk_parallel.chunks(n, chunk):
                    put(_make_chunk(size, rng, world, sequences, tables), size)
                    done += size
    tables.reset_sequences()
    # Statistics for the planner once the rows are in: without them SQLite picks the one-column status
    # index over the work queues' partial index (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Dossier._meta.db_table)}")
    return done


class _Tables:
    """The generator's tables with their next free ids."""

    def __init__(self, now: dt.datetime) -> None:
        self.dossiers = bulk_rows.Table(Dossier, now, DOSSIER_COLUMNS)
        self.events = bulk_rows.Table(DossierEvent, now, EVENT_COLUMNS)
        self.visits = bulk_rows.Table(StepVisit, now, VISIT_COLUMNS)
        self.next_dossier = self.dossiers.next_id()
        self.next_event = self.events.next_id()
        self.next_visit = self.visits.next_id()

    def write(self) -> None:
        self.dossiers.write()
        self.events.write()
        self.visits.write()

    def reset_sequences(self) -> None:
        for table in (self.dossiers, self.events, self.visits):
            table.reset_sequence()


@dataclass
class _Step:
    """A step of a flow with what the walk needs of it, worked out once."""

    pk: int
    kind: str
    role: str
    agency_id: int
    #: Who may hold it: user ids with the role at the step's agency or above.
    holders: list[int]
    #: Its allotted time in microseconds (None for the return step, which has no deadline of its own).
    allotted: int | None
    #: `allotted_hours`, or 1 hour when it has none: what the time spent is a share of.
    base_hours: float
    is_return: bool
    #: The move into this step from the one before it: action, statuses, the previous step and its agency.
    action: str = ""
    from_status: str = ""
    to_status: str = ""
    from_step_id: int | None = None
    from_agency_id: int | None = None


class _Flow:
    """A flow (workflow × receiving counter) with everything that depends on it alone."""

    def __init__(
        self,
        flow: Flow,
        holders: Callable[[str, str], list[int]],
        place: Callable[[WorkflowStep, Agency], Agency],
    ) -> None:
        self.flow = flow
        template, counter = flow.template, flow.counter
        procedure = template.procedure
        self.workflow_id, self.counter_id, self.procedure_id = template.pk, counter.pk, procedure.pk
        shape = Dossier(procedure=procedure, workflow=template, receiving_agency=counter)
        shape._steps = flow.steps  # type: ignore[attr-defined]  # (steps.steps_of reads them)
        self.competent = codes.competent_agency(shape)
        self.competent_id = self.competent.pk
        self.summary = procedure.name[:200]
        self.procedure = procedure
        # The time limit as the calendar counts it (deadlines.dossier_due): microseconds of working time
        # from the first working moment, or, for a same-day procedure, its cut-off (None: not same-day).
        self.same_day = procedure.same_day_cutoff if procedure.time_unit == TimeUnit.SAME_DAY else None
        self.limit = 0
        if self.same_day is None:
            self.limit = time_limit(procedure.processing_time * Decimal(1), procedure.time_unit) // _MICRO
        self.steps: list[_Step] = []
        where = [place(s, counter) for s in flow.steps]
        for index, s in enumerate(flow.steps):
            agency = where[index]
            step = _Step(
                pk=s.pk,
                kind=s.kind,
                role=s.role,
                agency_id=agency.pk,
                holders=holders(s.role, agency.path),
                allotted=None if s.kind == StepKind.RETURN else _hours(s.allotted_hours),
                base_hours=float(s.allotted_hours or 1),
                is_return=s.kind == StepKind.RETURN,
            )
            if index:
                previous = flow.steps[index - 1]
                step.action = _action_into(s, previous)
                step.from_status = PROCESSING if index > 1 else RECEIVED
                step.to_status = RESOLVED if s.kind == StepKind.RETURN else PROCESSING
                step.from_step_id = previous.pk
                step.from_agency_id = where[index - 1].pk
            self.steps.append(step)
        self.work = sum(1 for s in flow.steps if s.kind != StepKind.RETURN)
        #: The agency's, procedure's and season's slowness by month (index 1-12).
        self.slowness = [0.0] + [_slowness(counter.pk, procedure.pk, month) for month in range(1, 13)]
        self._spent: dict[tuple[int, float], list[tuple[Decimal, int]]] = {}

    def spent(self, pace_index: int, month: int) -> list[tuple[Decimal, int]]:
        """Per step, the working hours it takes at this pace in this month, and the same in microseconds."""
        slowness = self.slowness[month]
        key = (pace_index, slowness)
        found = self._spent.get(key)
        if found is None:
            pace = PACES[pace_index]
            pace *= slowness
            found = []
            for step in self.steps:
                spent = Decimal(str(round(step.base_hours * pace, 1)))
                found.append((spent, _hours(spent)))
            self._spent[key] = found
        return found


def _hours(hours: Any) -> int:
    """Working hours (as `add_working_hours` takes them) in microseconds."""
    return to_timedelta(hours) // _MICRO


class _World:
    """What the chunks share: the flows, the calendar, the clock, and the answers per day."""

    def __init__(
        self, flows: list[Flow], now: dt.datetime, days: int, tables: _Tables, open_share: float | None = None
    ) -> None:
        placed: dict[tuple[int | None, bool, int], Agency] = {}

        def place(step: WorkflowStep, counter: Agency) -> Agency:
            """places.step_place, asked once per named agency and counter (it reads the agency tree)."""
            key = (step.agency_id, step.local_unit, counter.pk)
            found = placed.get(key)
            if found is None:
                found = placed[key] = places.step_place(step, counter)
            return found

        by_role: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for user_id, role, path in RoleGrant.objects.values_list("user_id", "role", "agency__path"):
            by_role[role].append((user_id, path))
        holders: dict[tuple[str, str], list[int]] = {}

        def who(role: str, path: str) -> list[int]:
            key = (role, path)
            if key not in holders:
                holders[key] = [u for u, p in by_role.get(role, []) if path.startswith(p)]
            return holders[key]

        self.flows = [_Flow(f, who, place) for f in flows]
        #: How often each flow is drawn: a province's volumes by tier, commune and procedure
        #: (demo_volumes), as cumulative weights for `bisect`.
        self.flow_cum_weights = list(accumulate(flow_weights(flows)))
        self.names = {
            u.pk: u.get_full_name() for u in get_user_model().objects.filter(role_grants__isnull=False)
        }
        self.calendar: WorkingCalendar = get_calendar()
        self.now = now
        self.now_us = _micros(now)
        calendar = self.calendar
        start = now - dt.timedelta(days=days)
        #: Receipts: the working time from the period's start to now, and where each year's share of it
        #: begins (the working time before it, its first working moment): a receipt is a share of the
        #: working time added to the start of its year, no calendar answer across a new year per dossier.
        self.span = calendar.working_time_between(start, now) // _MICRO
        if self.span <= 0:
            raise ValueError(f"no working time in the {days} days before {now}: nothing can be received")
        self.years_before, self.years_start = [0], [calendar.next_working_micros(_micros(start))]
        for year in range(calendar.local(start).year + 1, calendar.local(now).year + 1):
            new_year = dt.datetime(year, 1, 1, tzinfo=calendar.tz)
            self.years_before.append(calendar.working_time_between(start, new_year) // _MICRO)
            self.years_start.append(calendar.next_working_micros(_micros(new_year)))
        fates, weights = zip(*FATES, strict=True)
        self.fates = [str(s.value) if isinstance(s, Status) else s for s in fates]
        self.cum_weights = list(accumulate(weights))
        self.open_share = open_share
        #: Dossiers made in this run, and how many of them are open (the backlog's measure).
        self.made = self.opened = 0
        self.moment = bulk_rows.Moments()
        self.defaults = tables.dossiers.defaults
        #: Code prefixes per (workflow, counter, channel, rules version): working one out reads the steps'
        #: agencies.
        self.prefixes: dict[tuple[int, int, str, str], str] = {}
        self._days: dict[dt.date, tuple[str, str, int]] = {}
        self._folded: dict[str, str] = {}

    def day(self, day: dt.date) -> tuple[str, str, int]:
        """The code's date, the rules version in force and its sequence digits, for a receipt day."""
        found = self._days.get(day)
        if found is None:
            rule_set = rules_for(day)
            found = self._days[day] = (f"{day:%y%m%d}", rule_set.version, rule_set.sequence_digits)
        return found

    def folded(self, name: str) -> str:
        found = self._folded.get(name)
        if found is None:
            found = self._folded[name] = search_key(name)[:200]
        return found

    def prefix(self, flow: _Flow, channel: str, version: str) -> str:
        key = (flow.workflow_id, flow.counter_id, channel, version)
        found = self.prefixes.get(key)
        if found is None:
            shape = Dossier(
                procedure=flow.procedure,
                workflow=flow.flow.template,
                receiving_agency=flow.flow.counter,
                competent_agency=flow.competent,  # worked out once per flow; prefix_for reads it
                channel=channel,
            )
            shape._steps = flow.flow.steps  # type: ignore[attr-defined]  # (steps.steps_of reads them)
            found = self.prefixes[key] = codes.prefix_for(shape, rules_by_version(version))
        return found

    def due(self, flow: _Flow, received: int) -> int:
        """deadlines.dossier_due on microseconds."""
        calendar = self.calendar
        if flow.same_day is None:
            return calendar.add_working_micros(calendar.next_working_micros(received), flow.limit)
        moment = _EPOCH + dt.timedelta(microseconds=received)
        return _micros(deadlines.dossier_due(moment, flow.procedure))

    def classify(self, finished: int, due: int | None) -> str:
        """deadlines.classify on microseconds."""
        if due is None:
            return Timeliness.NONE.value
        if finished > due:
            return LATE
        local = self.calendar.local_date_micros
        return EARLY if local(finished) < local(due) else ON_TIME


Put = Callable[[bulk_pipe.Counters, int], None]


@contextmanager
def _writer(tables: _Tables, progress: Callable[[int], None] | None, two: bool) -> Iterator[Put]:
    """Where the chunks go: each chunk (its rows in the tables, and its day counters) in one transaction,
    in a second process or in this one."""
    written = (tables.dossiers, tables.events, tables.visits)
    if two:
        with bulk_pipe.Writer(written, progress) as writer:
            yield writer.put
        return
    done = 0

    def put(counters: bulk_pipe.Counters, size: int) -> None:
        nonlocal done
        with transaction.atomic():
            # The day counters go with the chunk, so an interrupted run resumes without reusing a code.
            CodeSequence.objects.bulk_create(
                [CodeSequence(prefix=p, day=day, last=last) for p, day, last in counters],
                update_conflicts=True,
                unique_fields=["prefix", "day"],
                update_fields=["last"],
            )
            tables.write()
        done += size
        if progress:
            progress(done)

    with bulk_rows.loading(*written):
        yield put


def _make_chunk(
    size: int,
    rng: random.Random,
    world: _World,
    sequences: dict[tuple[str, dt.date], int],
    tables: _Tables,
) -> bulk_pipe.Counters:
    """Generate `size` dossiers into the tables' rows; the day counters they moved, with their last number."""
    below, uniform = rng._randbelow, rng.random  # type: ignore[attr-defined]
    calendar = world.calendar
    add, local_date = calendar.add_working_micros, calendar.local_date_micros
    flows, flow_cum = world.flows, world.flow_cum_weights
    flow_total, last_flow = flow_cum[-1], len(flows) - 1
    fates, cum_weights = world.fates, world.cum_weights
    total, last_fate = cum_weights[-1] + 0.0, len(fates) - 1
    share, held = world.open_share, len(HELD)
    made, opened = world.made, world.opened
    span, years_before, years_start = world.span, world.years_before, world.years_start
    touched: set[tuple[str, dt.date]] = set()
    for _row in range(size):
        flow = flows[bisect(flow_cum, uniform() * flow_total, 0, last_flow)]
        made += 1
        if share is not None and opened < share * made:
            # The backlog a bench's queues want beyond what the flow leaves open (`bulk_generate`).
            fate = HELD[below(held)]
        else:
            fate = fates[bisect(cum_weights, uniform() * total, 0, last_fate)]
        # Every dossier, whatever becomes of it, is received at a moment spread evenly over the working
        # time of the period up to now: the last weeks receive as many as any other (the clock, not the
        # fate, decides which of them are still open), and Monday's opening gets no weekend's worth.
        share_of_time = int(uniform() * span)
        year = bisect(years_before, share_of_time) - 1
        received = add(years_start[year], share_of_time - years_before[year])
        day = local_date(received)
        applicant = person(rng)
        never_received = fate in NEVER_RECEIVED
        channel = "online" if never_received else CHANNELS[below(4)]
        code_day, rules_version, digits = world.day(day)
        dossier_id = tables.next_dossier
        tables.next_dossier += 1
        if never_received:
            alphabet, letters = codes.REFERENCE_ALPHABET, len(codes.REFERENCE_ALPHABET)
            tail = "".join([alphabet[below(letters)] for _ in range(codes.REFERENCE_RANDOM)])
            code = reference = f"{codes.REFERENCE_PREFIX}-{code_day}-{tail}"
        else:
            prefix = world.prefix(flow, channel, rules_version)
            sequence = (prefix, day)
            number = sequences[sequence] = sequences.get(sequence, 0) + 1
            touched.add(sequence)
            code, reference = f"{prefix}-{code_day}-{number:0{digits}d}", None
        status = _walk(
            dossier_id, code, reference, flow, fate, channel, rules_version, applicant, received, day.month,
            rng, world, tables,
        )  # fmt: skip
        if status in OPEN:
            opened += 1
    world.made, world.opened = made, opened
    return [(p, day, sequences[(p, day)]) for p, day in touched]


def _walk(
    dossier_id: int,
    code: str,
    reference: str | None,
    flow: _Flow,
    fate: str,
    channel: str,
    rules_version: str,
    applicant: Applicant,
    received: int,
    month: int,
    rng: random.Random,
    world: _World,
    tables: _Tables,
) -> str:
    """Walk the dossier's steps, timing each, until its fate or the clock stops it: its history rows and
    step visits, and the dossier's row for where it stands. The status it is stored with.

    A step is finished only if its planned end is before now; otherwise the dossier is open at that step
    (received or processing), whatever its fate would have been later. So a dossier received in the last
    days or weeks is open where its steps have got to, as in an office at work, and nothing is finished
    after now. A result that is ready but not yet handed over waits at the return step (resolved)."""
    below, uniform = rng._randbelow, rng.random  # type: ignore[attr-defined]
    calendar, moment, classify, now_us = world.calendar, world.moment, world.classify, world.now_us
    add = calendar.add_working_micros
    steps = flow.steps
    counter = flow.counter_id
    never_received = fate in NEVER_RECEIVED
    if never_received:
        stays = 0
    elif fate in (RETURNED, RESOLVED):
        stays = len(steps)
    else:  # withdrawn or stopped on arrival at a step, or held there (the backlog)
        stays = below(flow.work) + 1
    received_text = moment(received)
    due = 0 if never_received else world.due(flow, received)
    due_text = None if never_received else moment(due)
    first = steps[0]
    online = channel == "online"
    event_id = tables.next_event
    events: list[tuple[Any, ...]] = [
        (
            event_id,
            dossier_id,
            "submit" if online else "receive",
            received_text,
            None,
            applicant.name if online else "",
            "",
            SUBMITTED if never_received else RECEIVED,
            None,
            first.pk,
            None,
            counter,
            None,
            due_text,
        )
    ]
    event_id += 1
    status = fate
    # Where the dossier stands: at its first step until the walk says otherwise.
    current = first
    current_agency = counter if never_received else None
    handler_id = step_started = step_due_text = None
    changed, changed_text = received, received_text
    visits: list[list[Any]] = []
    visit_id = tables.next_visit
    at, at_text = received, received_text
    last_handler: int | None = None
    names = world.names
    if stays:
        # Lateness is not noise in a real year: some agencies and procedures are slower, and the year-end
        # and pre-Tết months are busier (egov.insight's forecast learns from these patterns).
        spent_plan = flow.spent(below(len(PACES)), month)
    started = at  # where the last step visited started
    # The step where its fate stops the dossier, if the clock lets it get there (none: it is returned).
    last = -1 if fate == RETURNED else stays - 1
    for index in range(stays):
        s = steps[index]
        started = at
        holders = s.holders
        handler = holders[below(len(holders))] if holders else None
        step_due = None if s.allotted is None else add(at, s.allotted)
        step_due_text_here = None if step_due is None else moment(step_due)
        visit = [
            visit_id,
            dossier_id,
            s.pk,
            s.agency_id,
            handler,
            at_text,
            step_due_text_here,
            None,
            None,
            "",
        ]
        visit_id += 1
        visits.append(visit)
        if index == 0 and not online and handler is not None:
            # A counter receipt is the receiving officer's move: the history names them, as the service does.
            events[0] = (*events[0][:4], handler, names.get(handler, ""), *events[0][6:])
        if index:
            events.append(
                (
                    event_id,
                    dossier_id,
                    s.action,
                    at_text,
                    last_handler,
                    names.get(last_handler or 0, ""),
                    s.from_status,
                    s.to_status,
                    s.from_step_id,
                    s.pk,
                    s.from_agency_id,
                    s.agency_id,
                    handler,
                    due_text,
                )
            )
            event_id += 1
        last_handler = handler
        if index == last:
            stop = True  # its fate: held here, withdrawn or stopped on arrival, or the result not collected
        elif s.is_return:
            # Handed over some working hours after it was ready; until then the result waits (resolved).
            hours = below(len(RETURN_HOURS))
            finished = add(at, RETURN_HOURS[hours] * HOUR)
            stop = finished > now_us
            if stop:
                status = RESOLVED
            else:
                visit[8], visit[9] = RETURN_SPENT[hours], NO_DUE
        else:
            spent, need = spent_plan[index]
            finished = add(at, need)
            stop = finished > now_us
            if stop:
                status = PROCESSING  # the step is still running now
            else:
                visit[8], visit[9] = spent, classify(finished, step_due)
        if stop:
            current, current_agency = s, s.agency_id
            handler_id = None if s.is_return or uniform() >= 0.7 else handler
            step_started, step_due_text = at, step_due_text_here
            changed, changed_text = at, at_text
            break
        at = finished
        at_text = visit[7] = moment(at)
    finished_at = returned_at = paused_at = None
    outcome = timeliness = paused_from = ""
    stored_status = status
    if status == RETURNED:
        current = steps[-1]
        current_agency = current.agency_id
        finished_at = visits[-1][5]  # the dossier was finished when it reached the return step
        returned_at = changed_text = at_text
        outcome = GRANTED if uniform() > 0.03 else REFUSED
        timeliness = classify(started, due)
        events.append(
            (
                event_id,
                dossier_id,
                "return_result",
                returned_at,
                last_handler,  # the officer at the return step hands the result over
                names.get(last_handler or 0, ""),
                RESOLVED,
                RETURNED,
                current.pk,
                current.pk,
                current_agency,
                current_agency,
                None,
                due_text,
            )
        )
        event_id += 1
    elif status == RESOLVED:
        finished_at = changed_text
        outcome = GRANTED if fate == RESOLVED or uniform() > 0.03 else REFUSED
        timeliness = classify(changed, due)
    elif never_received:
        # The counter answers an online submission two hours later; until then it waits (submitted).
        answered = received + 2 * HOUR
        if fate == NOT_ACCEPTED and answered <= now_us:
            changed_text = moment(answered)
        else:
            stored_status = SUBMITTED
    elif status in (WITHDRAWN, STOPPED):
        finished_at = changed_text
        timeliness = classify(changed, due)
        visits[-1][7] = changed_text
    elif status == SUPPLEMENT:
        paused_from = PROCESSING if current.kind != StepKind.RECEIVE else RECEIVED
        paused_at = changed_text
    elif status == PROCESSING and current.kind == StepKind.RECEIVE:
        stored_status = RECEIVED
    elif status == RECEIVED and current.kind != StepKind.RECEIVE:
        stored_status = PROCESSING
    tables.next_event, tables.next_visit = event_id, visit_id
    tables.dossiers.rows.append(
        (
            dossier_id,
            code,
            reference,
            flow.procedure_id,
            flow.workflow_id,
            rules_version,
            counter,
            flow.competent_id,
            channel,
            applicant.name,
            applicant.id_number,
            applicant.phone,
            applicant.address,
            world.folded(applicant.name),
            flow.summary,
            stored_status,
            received_text,
            None if never_received else received_text,
            due_text,
            due_text,
            changed_text,
            current.pk,
            current.kind,
            current.role,
            current_agency,
            handler_id,
            None if step_started is None else moment(step_started),
            step_due_text,
            finished_at,
            returned_at,
            outcome,
            timeliness,
            paused_from,
            paused_at,
            *tables.dossiers.tail,
        )
    )
    tail = tables.events.tail
    tables.events.rows.extend([e + tail for e in events])
    tail = tables.visits.tail
    tables.visits.rows.extend([(*v, *tail) for v in visits])
    return stored_status


def _slowness(agency_id: int, procedure_id: int, month: int) -> float:
    """A fixed factor per agency and procedure (from their ids, so every run agrees) times the season's."""
    agency = 0.8 + (agency_id * 7919 % 11) / 20  # 0.8 … 1.3
    procedure = 0.85 + (procedure_id * 104729 % 7) / 20  # 0.85 … 1.15
    season = 1.2 if month in (1, 12) else 1.0
    return agency * procedure * season


def _action_into(step: WorkflowStep, previous: WorkflowStep) -> str:
    if step.kind == StepKind.APPROVE:
        return "submit_for_approval"
    if step.kind == StepKind.INTER_AGENCY:
        return "send_to_agency"
    if step.kind == StepKind.RETURN:
        return "approve" if previous.kind == StepKind.APPROVE else "result_ready"
    if previous.kind == StepKind.INTER_AGENCY:
        return "return_from_agency"
    return "forward"
