"""Bulk dossiers for the benchmarks (development only): N dossiers with their history rows and step visits
written straight to their tables (egov.dossiers.bulk_rows: executemany on SQLite, COPY on PostgreSQL),
consistent with what the services would have written. Nothing else may write dossiers while it runs: it
gives the primary keys itself."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from egov.core.text import search_key
from egov.dossiers import bulk_rows, codes, deadlines
from egov.dossiers.demo_data import Flow, person, usable_flows
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, Outcome, Status, StepVisit
from egov.dossiers.rules import rules_by_version, rules_for
from egov.organizations.models import Agency, RoleGrant
from egov.procedures.models import StepKind, WorkflowStep

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


def _chunks(n: int, size: int) -> Iterator[int]:
    while n > 0:
        yield min(size, n)
        n -= size


def bulk_generate(
    n: int,
    *,
    now: dt.datetime | None = None,
    days: int = 730,
    seed: int = 1,
    chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `n` dossiers received over the last `days`, with history rows and step visits, in chunks.

    Deadlines come from the calendar (one call per dossier per step). Codes follow the national format with
    daily sequences per prefix (egov.dossiers.codes), saved so later receipts continue after them; online
    submissions never accepted carry a submission reference instead.
    """
    have = Dossier.objects.count()
    # A top-up of an existing data set draws other random references than the first run did (the same
    # seed drew the same ones again and hit the unique submission_ref); a fresh set is as before.
    rng = random.Random(seed if have == 0 else f"{seed}:{have}")
    now = now or timezone.now()
    flows = usable_flows()
    if not flows:
        raise LookupError("no published workflow with staffed steps: build the demo province first")
    staff = _Staff()
    names = {u.pk: u.get_full_name() for u in get_user_model().objects.filter(role_grants__isnull=False)}
    statuses, weights = zip(*STATUS_MIX, strict=True)
    sequences: dict[tuple[str, dt.date], int] = {
        (p, d): last for p, d, last in CodeSequence.objects.values_list("prefix", "day", "last")
    }
    start_moment = now - dt.timedelta(days=days)
    tables = _Tables(now)
    done = 0
    for size in _chunks(n, chunk):
        _write_chunk(size, rng, flows, staff, names, statuses, weights, sequences, start_moment, now, tables)
        done += size
        if progress:
            progress(done)
    tables.reset_sequences()
    # Statistics for the planner once the rows are in: without them SQLite picks the one-column status
    # index over the work queues' partial index (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Dossier._meta.db_table)}")
    return done


class _Staff:
    """Who may hold a step: user ids per role and agency, worked out once per (role, agency)."""

    def __init__(self) -> None:
        self.by_role: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for user_id, role, path in RoleGrant.objects.values_list("user_id", "role", "agency__path"):
            self.by_role[role].append((user_id, path))
        self._ids: dict[tuple[str, str], list[int]] = {}

    def who(self, role: str, agency: Agency, rng: random.Random) -> int | None:
        key = (role, agency.path)
        ids = self._ids.get(key)
        if ids is None:
            ids = self._ids[key] = [
                u for u, path in self.by_role.get(role, []) if agency.path.startswith(path)
            ]
        return rng.choice(ids) if ids else None


class _Tables:
    """The generator's tables with their next free ids."""

    def __init__(self, now: dt.datetime) -> None:
        self.dossiers = bulk_rows.Table(Dossier, now)
        self.events = bulk_rows.Table(DossierEvent, now)
        self.visits = bulk_rows.Table(StepVisit, now)
        self.next_dossier = self.dossiers.next_id()
        self.next_event = self.events.next_id()
        self.next_visit = self.visits.next_id()
        #: Code prefixes per (workflow, counter, channel, rules version): working one out reads the steps'
        #: agencies.
        self.prefixes: dict[tuple[int, int, str, str], str] = {}

    def event(self, values: dict[str, Any]) -> None:
        values["id"] = self.next_event
        self.next_event += 1
        self.events.add(values)

    def visit(self, values: dict[str, Any]) -> dict[str, Any]:
        """Add a step visit once complete (`write_visit`); the dict is filled in by the caller first."""
        values["id"] = self.next_visit
        self.next_visit += 1
        return values

    def write(self) -> None:
        self.dossiers.write()
        self.events.write()
        self.visits.write()

    def reset_sequences(self) -> None:
        for table in (self.dossiers, self.events, self.visits):
            table.reset_sequence()


def _write_chunk(
    size: int,
    rng: random.Random,
    flows: list[Flow],
    staff: _Staff,
    names: dict[int, str],
    statuses: tuple[str, ...],
    weights: tuple[float, ...],
    sequences: dict[tuple[str, dt.date], int],
    start_moment: dt.datetime,
    now: dt.datetime,
    tables: _Tables,
) -> None:
    span = (now - start_moment).total_seconds()
    prefixes = tables.prefixes
    touched: set[tuple[str, dt.date]] = set()
    plans: list[tuple[dict[str, Any], Flow, str, dt.datetime, dt.datetime]] = []
    for _row in range(size):
        flow = rng.choice(flows)
        status = rng.choices(statuses, weights)[0]
        # Open dossiers are recent; finished ones spread over the whole period.
        if status in (Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT):
            received = now - dt.timedelta(seconds=rng.random() * 20 * 86400)
        elif status in (Status.RETURNED, Status.RESOLVED) and rng.random() > 0.002:
            # Finished dossiers were received long enough ago for their steps to have run.
            received = start_moment + dt.timedelta(seconds=rng.random() * (span - 30 * 86400))
        else:
            received = start_moment + dt.timedelta(seconds=rng.random() * span)
        received = deadlines.next_working_moment(received)
        if received > now:
            received = now - dt.timedelta(minutes=rng.randint(1, 600))
        day = timezone.localdate(received)
        applicant = person(rng)
        procedure = flow.template.procedure
        due = deadlines.dossier_due(received, procedure)
        never_received = status in (Status.SUBMITTED, Status.NOT_ACCEPTED)
        channel = "online" if never_received else rng.choice(["counter", "counter", "online", "post"])
        rules_version = rules_for(received).version
        d: dict[str, Any] = {
            "id": tables.next_dossier,
            "procedure_id": procedure.pk,
            "workflow_id": flow.template.pk,
            "rules_version": rules_version,
            "receiving_agency_id": flow.counter.pk,
            "channel": channel,
            "applicant_name": applicant.name,
            "applicant_id_number": applicant.id_number,
            "applicant_phone": applicant.phone,
            "applicant_address": applicant.address,
            "applicant_folded": search_key(applicant.name)[:200],
            "summary": procedure.name[:200],
            "status": status,
            "submitted_at": received,
            "received_at": None if never_received else received,
            "due_at": None if never_received else due,
            "original_due_at": None if never_received else due,
            "status_changed_at": received,
            "version": 1,
        }
        tables.next_dossier += 1
        if never_received:
            tail = "".join(rng.choice(codes.REFERENCE_ALPHABET) for _ in range(codes.REFERENCE_RANDOM))
            d["code"] = d["submission_ref"] = f"{codes.REFERENCE_PREFIX}-{day:%y%m%d}-{tail}"
        else:
            rule_set = rules_by_version(rules_version)
            key = (flow.template.pk, flow.counter.pk, channel, rule_set.version)
            if key not in prefixes:
                shape = Dossier(
                    procedure=procedure,
                    workflow=flow.template,
                    receiving_agency=flow.counter,
                    channel=channel,
                )
                prefixes[key] = codes.prefix_for(shape, rule_set)
            sequence = (prefixes[key], day)
            sequences[sequence] = sequences.get(sequence, 0) + 1
            touched.add(sequence)
            d["code"] = f"{prefixes[key]}-{day:%y%m%d}-{sequences[sequence]:0{rule_set.sequence_digits}d}"
        plans.append((d, flow, status, received, due))
    # Then walk each dossier's steps (after drawing them all: the random draws stay in the order of the
    # generator's first version, so a seed gives the data set it always gave).
    for d, flow, status, received, due in plans:
        _walk(d, flow, status, received, due, rng, staff, names, now, tables)
        tables.dossiers.add(d)
    with transaction.atomic():
        # The day counters go with the chunk, so an interrupted run resumes without reusing a code.
        CodeSequence.objects.bulk_create(
            [CodeSequence(prefix=p, day=day, last=sequences[(p, day)]) for p, day in touched],
            update_conflicts=True,
            unique_fields=["prefix", "day"],
            update_fields=["last"],
        )
        tables.write()


def _walk(
    d: dict[str, Any],
    flow: Flow,
    status: str,
    received: dt.datetime,
    due: dt.datetime,
    rng: random.Random,
    staff: _Staff,
    names: dict[int, str],
    now: dt.datetime,
    tables: _Tables,
) -> None:
    """Walk the dossier's steps to the step its status implies, timing each step: its history rows and
    step visits, and the dossier's fields for where it stands."""
    steps = flow.steps
    counter = flow.counter
    work = [s for s in steps if s.kind != StepKind.RETURN]
    if status == Status.SUBMITTED or status == Status.NOT_ACCEPTED:
        stop_at, stays = 0, []
    elif status in (Status.RETURNED, Status.RESOLVED):
        stop_at, stays = len(steps) - 1, steps
    else:
        stop_at = rng.randrange(len(work))
        stays = steps[: stop_at + 1]
    at = received
    last_handler: int | None = None
    first_step = steps[0]
    d["current_step_id"] = first_step.pk
    d_id = d["id"]
    tables.event(
        {
            "dossier_id": d_id,
            "action": "submit" if d["channel"] == "online" else "receive",
            "at": received,
            "actor_id": None,
            "actor_name": d["applicant_name"] if d["channel"] == "online" else "",
            "to_status": Status.SUBMITTED
            if status in (Status.SUBMITTED, Status.NOT_ACCEPTED)
            else Status.RECEIVED,
            "to_step_id": first_step.pk,
            "to_agency_id": counter.pk,
            "due_at": d["due_at"],
        }
    )
    pace = rng.choice([0.3, 0.6, 0.9, 1.0, 1.3])  # share of the allotted time each step takes
    # Lateness is not noise in a real year: some agencies and procedures are slower, and the year-end and
    # pre-Tết months are busier (egov.insight's forecast learns from these patterns).
    pace *= _slowness(counter.pk, flow.template.procedure.pk, received.month)
    visits: list[dict[str, Any]] = []
    for index, s in enumerate(stays):
        agency = s.agency or counter
        handler = staff.who(s.role, agency, rng)
        step_due = deadlines.add_working_hours(at, s.allotted_hours) if s.kind != StepKind.RETURN else None
        is_last = index == len(stays) - 1
        open_here = is_last and status not in (Status.RETURNED,)
        visit = tables.visit(
            {
                "dossier_id": d_id,
                "step_id": s.pk,
                "agency_id": agency.pk,
                "handler_id": handler,
                "started_at": at,
                "due_at": step_due,
            }
        )
        if not open_here:
            spent = Decimal(str(round(float(s.allotted_hours or 1) * pace, 1)))
            leave = deadlines.add_working_hours(at, spent)
            visit["finished_at"] = min(leave, now)
            visit["spent_hours"] = spent
            visit["timeliness"] = deadlines.classify(visit["finished_at"], step_due)
        visits.append(visit)
        if index:
            previous = stays[index - 1]
            tables.event(
                {
                    "dossier_id": d_id,
                    "action": _action_into(s, previous),
                    "at": at,
                    "actor_id": last_handler,
                    "actor_name": names.get(last_handler or 0, ""),
                    "from_status": Status.PROCESSING if index > 1 else Status.RECEIVED,
                    "to_status": Status.RESOLVED if s.kind == StepKind.RETURN else Status.PROCESSING,
                    "from_step_id": previous.pk,
                    "to_step_id": s.pk,
                    "from_agency_id": (previous.agency or counter).pk,
                    "to_agency_id": agency.pk,
                    "handler_id": handler,
                    "due_at": d["due_at"],
                }
            )
        last_handler = handler
        if open_here:
            d["current_step_id"] = s.pk
            d["current_kind"] = s.kind
            d["current_role"] = s.role
            d["current_agency_id"] = agency.pk
            d["handler_id"] = handler if rng.random() < 0.7 or s.kind == StepKind.RETURN else None
            if s.kind == StepKind.RETURN:
                d["handler_id"] = None
            d["step_started_at"] = at
            d["step_due_at"] = step_due
            d["status_changed_at"] = at
        else:
            at = visit.get("finished_at") or at
    current_kind = d.get("current_kind", "")
    if status == Status.RETURNED:
        ret = steps[-1]
        d["current_step_id"], d["current_kind"], d["current_role"], d["current_agency_id"] = (
            ret.pk,
            ret.kind,
            ret.role,
            counter.pk,
        )
        d["finished_at"] = finished = visits[-1]["started_at"]
        d["returned_at"] = returned = min(
            deadlines.add_working_hours(finished, Decimal(rng.choice([1, 4, 16]))), now
        )
        visits[-1]["finished_at"] = returned
        d["status_changed_at"] = returned
        d["outcome"] = Outcome.GRANTED if rng.random() > 0.03 else Outcome.REFUSED
        d["timeliness"] = deadlines.classify(finished, due)
        tables.event(
            {
                "dossier_id": d_id,
                "action": "return_result",
                "at": returned,
                "actor_name": "",
                "from_status": Status.RESOLVED,
                "to_status": Status.RETURNED,
                "from_step_id": ret.pk,
                "to_step_id": ret.pk,
                "from_agency_id": counter.pk,
                "to_agency_id": counter.pk,
                "due_at": due,
            }
        )
    elif status == Status.RESOLVED:
        d["finished_at"] = d.get("step_started_at")
        d["outcome"] = Outcome.GRANTED
        d["timeliness"] = deadlines.classify(d["finished_at"] or now, due)
    elif status in (Status.SUBMITTED, Status.NOT_ACCEPTED):
        d["current_step_id"], d["current_kind"], d["current_role"] = (
            first_step.pk,
            first_step.kind,
            first_step.role,
        )
        d["current_agency_id"] = counter.pk
        if status == Status.NOT_ACCEPTED:
            d["status_changed_at"] = min(received + dt.timedelta(hours=2), now)
    elif status in (Status.WITHDRAWN, Status.STOPPED):
        d["finished_at"] = d["status_changed_at"]
        d["timeliness"] = deadlines.classify(d["finished_at"], due)
        if stays:
            visits[-1]["finished_at"] = d["finished_at"]
    elif status == Status.SUPPLEMENT:
        d["paused_from"] = Status.PROCESSING if current_kind != StepKind.RECEIVE else Status.RECEIVED
        d["paused_at"] = d["status_changed_at"]
    elif status == Status.PROCESSING and current_kind == StepKind.RECEIVE:
        d["status"] = Status.RECEIVED
    elif status == Status.RECEIVED and current_kind != StepKind.RECEIVE:
        d["status"] = Status.PROCESSING
    for visit in visits:
        tables.visits.add(visit)


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
