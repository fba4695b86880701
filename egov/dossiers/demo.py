"""Demo data for dossiers (development and benchmarks only; never needed in production).

`build_demo` takes a few dozen dossiers of the demo province through every branch
of the lifecycle with the real services, so history, deadlines, slips and queues
are exactly what officers would produce. `bulk_generate` writes N dossiers with
their history rows and step visits straight with bulk_create, for the benchmarks
at a million dossiers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.text import fold
from egov.dossiers import deadlines, services
from egov.dossiers.models import (
    CodeSequence,
    Dossier,
    DossierEvent,
    Outcome,
    Status,
    StepVisit,
)
from egov.dossiers.rules import rules_for
from egov.dossiers.transitions import TABLE
from egov.organizations.models import Agency, RoleGrant
from egov.procedures.models import PublicationStatus, StepKind, WorkflowStep, WorkflowTemplate

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
]
GIVEN += ["Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Việt", "Yến"]


def person(rng: random.Random) -> services.Applicant:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return services.Applicant(
        name=name,
        # 12-digit personal ID: province code (3), sex and century (1), birth year (2), serial (6).
        id_number=f"0{rng.randint(1, 96):02d}{rng.randint(0, 1)}{rng.randint(50, 99):02d}"
        f"{rng.randint(0, 999999):06d}",
        phone=f"09{rng.randint(10000000, 99999999)}",
        email="",
        address=f"Thôn {rng.randint(1, 12)}",
    )


@dataclass
class Flow:
    template: WorkflowTemplate
    counter: Agency
    steps: list[WorkflowStep]


def usable_flows(root: Agency | None = None) -> list[Flow]:
    """Published workflows that a counter of the province can take from receipt to return with its staff."""
    counters = Agency.objects.filter(has_counter=True, is_active=True)
    if root is not None:
        counters = counters.filter(path__startswith=root.path)
    grants = defaultdict(set)
    for role, path in RoleGrant.objects.filter(user__is_active=True).values_list("role", "agency__path"):
        grants[role].add(path)

    def staffed(role: str, agency: Agency) -> bool:
        return any(agency.path.startswith(p) for p in grants[role])

    flows = []
    templates = WorkflowTemplate.objects.filter(
        status=PublicationStatus.PUBLISHED, procedure__status=PublicationStatus.PUBLISHED
    ).select_related("procedure", "agency")
    for template in templates:
        steps = list(template.steps.select_related("agency").order_by("position"))
        if not steps or steps[0].kind != StepKind.RECEIVE or steps[-1].kind != StepKind.RETURN:
            continue
        # Since the two-tier reform a counter receives dossiers whatever level decides them: every staffed
        # counter can take a general workflow; an agency's own workflow runs at that agency only.
        for counter in counters:
            if template.agency_id not in (None, counter.pk):
                continue
            if all(staffed(s.role, s.agency or counter) for s in steps):
                flows.append(Flow(template, counter, steps))
    return flows


class Driver:
    """Takes dossiers through moves as the province's own officers would, each move by someone allowed to."""

    def __init__(self, root: Agency | None = None, now: dt.datetime | None = None) -> None:
        #: Moves are never dated after this moment: a dossier whose next move would be is left where it is.
        self.now = now or timezone.now()
        users = get_user_model().objects.filter(role_grants__isnull=False, is_active=True).distinct()
        if root is not None:
            users = users.filter(role_grants__agency__path__startswith=root.path)
        self.users = list(users.order_by("pk"))

    def actor(self, d: Dossier, action: str) -> Any:
        for user in self.users:
            try:
                services.check(d, action, user)
            except services.TransitionRefused:
                continue
            return user
        return None

    def do(self, d: Dossier, action: str, at: dt.datetime, **kw: Any) -> Dossier:
        d = Dossier.objects.select_related("workflow", "current_agency", "receiving_agency").get(pk=d.pk)
        user = self.actor(d, action)
        if user is None:
            raise LookupError(f"nobody may {action} {d.code}")
        if TABLE[action].needs & {"reason"} and "reason" not in kw:
            kw["reason"] = REASONS.get(action, "Theo quy định")
        if action == "assign" and "handler" not in kw:
            kw["handler"] = services.assignable(d)[0]
            user = self.actor_for_assign(d, kw["handler"]) or user
        return services.transition(d.pk, action, by=user, now=at, **kw)

    def actor_for_assign(self, d: Dossier, handler: Any) -> Any:
        try:
            services.check(d, "assign", handler)
        except services.TransitionRefused:
            return None
        return handler


REASONS = {
    "reject": "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan",
    "request_supplement": "Bổ sung bản sao Giấy khai sinh\nTờ khai chưa có chữ ký của người yêu cầu",
    "request_payment": "Nộp lệ phí theo thông báo",
    "refuse": "Không đủ điều kiện theo quy định của thủ tục",
    "apologise": "Cần xác minh thêm thông tin với cơ quan liên quan",
    "stop": "Người nộp hồ sơ có văn bản đề nghị dừng giải quyết",
    "withdraw": "Người nộp hồ sơ đề nghị rút hồ sơ",
    "send_back": "Đề nghị kiểm tra lại căn cứ pháp lý trong dự thảo",
}

# Each scenario: the moves after receipt, as (action, working hours after the previous move).
SCENARIOS: dict[str, list[tuple[str, float]]] = {
    "waiting_at_counter": [],
    "processing": [("forward", 1)],
    "assigned": [("forward", 1), ("assign", 2)],
    "approving": [("to_approval", 6)],
    "sent_back": [("to_approval", 6), ("send_back", 2)],
    "supplement": [("forward", 1), ("assign", 1), ("request_supplement", 4)],
    "supplemented": [("forward", 1), ("assign", 1), ("request_supplement", 4), ("supplement_received", 20)],
    "apologised": [("forward", 1), ("assign", 1), ("apologise", 30)],
    "result_ready": "done",  # type: ignore[dict-item]
    "returned": "returned",  # type: ignore[dict-item]
    "refused": [("forward", 1), ("assign", 1), ("refuse", 10)],
    "withdrawn": [("forward", 1), ("withdraw", 3)],
    "stopped": [("forward", 1), ("assign", 1), ("stop", 6)],
}


#: Scenarios that happen within a few days of receipt; the others were received two to four weeks ago.
SHORT = ("waiting_at_counter", "processing", "assigned", "supplement", "withdrawn")


def _run(driver: Driver, d: Dossier, moves: list[tuple[str, float]], at: dt.datetime) -> Dossier:
    for action, gap in moves:
        at = deadlines.add_working_hours(at, Decimal(str(gap)))
        if at > driver.now:
            break
        if action == "to_approval":
            d = _to_the_end(driver, d, at, gap, return_it=False, until=StepKind.APPROVE)
            continue
        kw: dict[str, Any] = {}
        if action == "apologise":
            kw["new_due"] = deadlines.add_working_hours(max(d.due_at or at, at), Decimal(24))
        d = driver.do(d, action, at, **kw)
    return d


def _to_the_end(
    driver: Driver, d: Dossier, at: dt.datetime, gap: float, return_it: bool, until: str | None = None
) -> Dossier:
    """Move step by step until the result is ready (and returned), or until a step of kind `until`."""
    for _step in range(12):
        if d.status == Status.RESOLVED or (until is not None and d.current_kind == until):
            break
        at = deadlines.add_working_hours(at, Decimal(str(gap)))
        if at > driver.now:
            return d
        if d.handler_id is None and d.current_kind in (StepKind.PROCESS, StepKind.INTER_AGENCY):
            d = driver.do(d, "assign", at)
            continue
        for action in (
            "forward",
            "submit_for_approval",
            "send_to_agency",
            "return_from_agency",
            "approve",
            "result_ready",
        ):
            if driver.actor(d, action) is not None:
                d = driver.do(d, action, at)
                break
        else:
            raise LookupError(f"{d.code} is stuck at {d.current_kind}")
    if return_it and d.status == Status.RESOLVED:
        at = deadlines.add_working_hours(at, Decimal(2))
        if at <= driver.now:
            d = driver.do(d, "return_result", at)
    return d


def build_demo(
    root: Agency | None = None,
    now: dt.datetime | None = None,
    per_flow: int = 1,
    seed: int = 2026,
    counters: list[Agency] | None = None,
) -> list[Dossier]:
    """A few dozen dossiers in every state, received over the last weeks, moved by the province's officers."""
    rng = random.Random(seed)
    now = now or timezone.now()
    driver = Driver(root, now)
    flows = usable_flows(root)
    if counters:
        # The counters the demo's personas work at, so that they find dossiers in their queues.
        preferred = [f for f in flows if f.counter in counters]
        flows = preferred or flows
    rng.shuffle(flows)
    made: list[Dossier] = []
    if not flows:
        return made
    names = list(SCENARIOS)
    for index, name in enumerate(names * per_flow):
        flow = flows[index % len(flows)]
        receiver = next(u for u in driver.users if _can_receive(u, flow.counter))
        age_days = rng.randint(0, 3) if name in SHORT else rng.randint(12, 25)
        start = deadlines.next_working_moment(now - dt.timedelta(days=age_days, hours=rng.randint(0, 5)))
        with transaction.atomic():
            d = services.receive(
                by=receiver,
                procedure=flow.template.procedure,
                agency=flow.counter,
                applicant=person(rng),
                summary=flow.template.procedure.name[:200],
                now=start,
            )
            moves = SCENARIOS[name]
            if moves == "done":
                d = _to_the_end(driver, d, start, rng.choice([2, 6, 12]), return_it=False)
            elif moves == "returned":
                d = _to_the_end(driver, d, start, rng.choice([2, 8, 16]), return_it=True)
            else:
                d = _run(driver, d, moves, start)
        made.append(d)
    # Online submissions: waiting, accepted, refused at the counter.
    for index, fate in enumerate(("wait", "accept", "reject")):
        flow = flows[index % len(flows)]
        at = now - dt.timedelta(hours=3 + index)
        d = services.submit_online(
            procedure=flow.template.procedure, agency=flow.counter, applicant=person(rng), now=at
        )
        if fate != "wait":
            d = driver.do(d, fate, deadlines.next_working_moment(at + dt.timedelta(hours=1)))
        made.append(d)
    return made


def _can_receive(user: Any, counter: Agency) -> bool:
    from egov.organizations.permissions import has_role

    return has_role(user, "desk_officer", counter)


# ---------------------------------------------------------------- bulk generation


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
    per-counter daily sequences, and the sequences are saved so later receipts continue after them.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    flows = usable_flows()
    if not flows:
        raise LookupError("no published workflow with staffed steps: build the demo province first")
    staff_by_role: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for user_id, role, path in RoleGrant.objects.values_list("user_id", "role", "agency__path"):
        staff_by_role[role].append((user_id, path))
    names = {u.pk: u.get_full_name() for u in get_user_model().objects.filter(role_grants__isnull=False)}
    statuses, weights = zip(*STATUS_MIX, strict=True)
    sequences: dict[tuple[int, dt.date], int] = {
        (a, d): last for a, d, last in CodeSequence.objects.values_list("agency_id", "day", "last")
    }
    start_moment = now - dt.timedelta(days=days)
    rules = {r: rules_for(now - dt.timedelta(days=x)).version for r, x in (("now", 0), ("old", days))}
    done = 0
    for size in _chunks(n, chunk):
        _write_chunk(
            size, rng, flows, staff_by_role, names, statuses, weights, sequences, start_moment, now, rules
        )
        done += size
        if progress:
            progress(done)
    return done


def _who(
    staff_by_role: dict[str, list[tuple[int, str]]], role: str, agency: Agency, rng: random.Random
) -> int | None:
    ids = [uid for uid, path in staff_by_role.get(role, []) if agency.path.startswith(path)]
    return rng.choice(ids) if ids else None


def _write_chunk(
    size: int,
    rng: random.Random,
    flows: list[Flow],
    staff_by_role: dict[str, list[tuple[int, str]]],
    names: dict[int, str],
    statuses: tuple[str, ...],
    weights: tuple[float, ...],
    sequences: dict[tuple[int, dt.date], int],
    start_moment: dt.datetime,
    now: dt.datetime,
    rules: dict[str, str],
) -> None:
    span = (now - start_moment).total_seconds()
    plans = []
    dossiers = []
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
        key = (flow.counter.pk, day)
        sequences[key] = sequences.get(key, 0) + 1
        applicant = person(rng)
        procedure = flow.template.procedure
        due = deadlines.dossier_due(received, procedure)
        d = Dossier(
            code=f"{flow.counter.code}-{day:%y%m%d}-{sequences[key]:04d}",
            procedure=procedure,
            workflow=flow.template,
            rules_version=rules_for(received).version,
            receiving_agency=flow.counter,
            channel=rng.choice(["counter", "counter", "online", "post"]),
            applicant_name=applicant.name,
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address,
            applicant_folded=fold(applicant.name),
            summary=procedure.name[:200],
            status=status,
            submitted_at=received,
            received_at=None if status in (Status.SUBMITTED, Status.NOT_ACCEPTED) else received,
            due_at=None if status in (Status.SUBMITTED, Status.NOT_ACCEPTED) else due,
            original_due_at=None if status in (Status.SUBMITTED, Status.NOT_ACCEPTED) else due,
            status_changed_at=received,
            version=1,
        )
        dossiers.append(d)
        plans.append((flow, status, received, due))
    # Walk each dossier's steps to the step its status implies, timing each step.
    events: list[DossierEvent] = []
    visits: list[StepVisit] = []
    for d, (flow, status, received, due) in zip(dossiers, plans, strict=True):
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
        d.current_step = first_step
        events.append(
            DossierEvent(
                dossier=d,
                action="submit" if d.channel == "online" else "receive",
                at=received,
                actor_id=None,
                actor_name=d.applicant_name if d.channel == "online" else "",
                to_status=Status.SUBMITTED
                if status in (Status.SUBMITTED, Status.NOT_ACCEPTED)
                else Status.RECEIVED,
                to_step=first_step,
                to_agency=counter,
                due_at=d.due_at,
            )
        )
        pace = rng.choice([0.3, 0.6, 0.9, 1.0, 1.3])  # share of the allotted time each step takes
        for index, s in enumerate(stays):
            agency = s.agency or counter
            handler = _who(staff_by_role, s.role, agency, rng)
            step_due = (
                deadlines.add_working_hours(at, s.allotted_hours) if s.kind != StepKind.RETURN else None
            )
            is_last = index == len(stays) - 1
            open_here = is_last and status not in (Status.RETURNED,)
            visit = StepVisit(
                dossier=d, step=s, agency=agency, handler_id=handler, started_at=at, due_at=step_due
            )
            if not open_here:
                spent = Decimal(str(round(float(s.allotted_hours or 1) * pace, 1)))
                leave = deadlines.add_working_hours(at, spent)
                visit.finished_at = min(leave, now)
                visit.spent_hours = spent
                visit.timeliness = deadlines.classify(visit.finished_at, step_due)
            visits.append(visit)
            if index:
                events.append(
                    DossierEvent(
                        dossier=d,
                        action=_action_into(s, stays[index - 1]),
                        at=at,
                        actor_id=last_handler,
                        actor_name=names.get(last_handler or 0, ""),
                        from_status=Status.PROCESSING if index > 1 else Status.RECEIVED,
                        to_status=Status.RESOLVED if s.kind == StepKind.RETURN else Status.PROCESSING,
                        from_step=stays[index - 1],
                        to_step=s,
                        from_agency=stays[index - 1].agency or counter,
                        to_agency=agency,
                        handler_id=handler,
                        due_at=d.due_at,
                    )
                )
            last_handler = handler
            if open_here:
                d.current_step = s
                d.current_kind = s.kind
                d.current_role = s.role
                d.current_agency = agency
                d.handler_id = handler if rng.random() < 0.7 or s.kind == StepKind.RETURN else None
                if s.kind == StepKind.RETURN:
                    d.handler_id = None
                d.step_started_at = at
                d.step_due_at = step_due
                d.status_changed_at = at
            else:
                at = visit.finished_at or at
        if status == Status.RETURNED:
            ret = steps[-1]
            d.current_step, d.current_kind, d.current_role, d.current_agency = (
                ret,
                ret.kind,
                ret.role,
                counter,
            )
            d.finished_at = visits[-1].started_at
            d.returned_at = min(
                deadlines.add_working_hours(d.finished_at, Decimal(rng.choice([1, 4, 16]))), now
            )
            visits[-1].finished_at = d.returned_at
            d.status_changed_at = d.returned_at
            d.outcome = Outcome.GRANTED if rng.random() > 0.03 else Outcome.REFUSED
            d.timeliness = deadlines.classify(d.finished_at, due)
            events.append(
                DossierEvent(
                    dossier=d,
                    action="return_result",
                    at=d.returned_at,
                    actor_name="",
                    from_status=Status.RESOLVED,
                    to_status=Status.RETURNED,
                    from_step=ret,
                    to_step=ret,
                    from_agency=counter,
                    to_agency=counter,
                    due_at=due,
                )
            )
        elif status == Status.RESOLVED:
            d.finished_at = d.step_started_at
            d.outcome = Outcome.GRANTED
            d.timeliness = deadlines.classify(d.finished_at or now, due)
        elif status in (Status.SUBMITTED, Status.NOT_ACCEPTED):
            d.current_step, d.current_kind, d.current_role = first_step, first_step.kind, first_step.role
            d.current_agency = counter
            if status == Status.NOT_ACCEPTED:
                d.status_changed_at = min(received + dt.timedelta(hours=2), now)
        elif status in (Status.WITHDRAWN, Status.STOPPED):
            d.finished_at = d.status_changed_at
            d.timeliness = deadlines.classify(d.finished_at, due)
            if stays:
                visits[-1].finished_at = d.finished_at
        elif status == Status.SUPPLEMENT:
            d.paused_from = Status.PROCESSING if d.current_kind != StepKind.RECEIVE else Status.RECEIVED
            d.paused_at = d.status_changed_at
        elif status == Status.PROCESSING and d.current_kind == StepKind.RECEIVE:
            d.status = Status.RECEIVED
        elif status == Status.RECEIVED and d.current_kind != StepKind.RECEIVE:
            d.status = Status.PROCESSING
    touched = {(d.receiving_agency_id, timezone.localdate(d.submitted_at)) for d in dossiers}
    with transaction.atomic():
        # The day counters go with the chunk, so an interrupted run resumes without reusing a code.
        CodeSequence.objects.bulk_create(
            [CodeSequence(agency_id=a, day=day, last=sequences[(a, day)]) for a, day in touched],
            update_conflicts=True,
            unique_fields=["agency", "day"],
            update_fields=["last"],
        )
        Dossier.objects.bulk_create(dossiers, batch_size=1000)
        for e in events:
            e.dossier_id = e.dossier.pk
        for v in visits:
            v.dossier_id = v.dossier.pk
        DossierEvent.objects.bulk_create(events, batch_size=2000)
        StepVisit.objects.bulk_create(visits, batch_size=2000)


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


# ---------------------------------------------------------------- the demo command's builder


def _register() -> None:
    from egov.demo.builders import DemoBuilder, DemoContext, grouped, register

    @register
    class DossierDemo(DemoBuilder):
        """`manage.py demo`: dossiers in every state; `manage.py demo --dossiers N`: N more, generated."""

        name = "dossiers"
        order = 300  # after the agency tree and staff (100) and the procedure catalogue (200)
        bulk_kind = "dossiers"

        def is_built(self, ctx: DemoContext) -> bool:
            return Dossier.objects.exists()

        def build(self, ctx: DemoContext) -> None:
            persona_counters = list(
                Agency.objects.filter(
                    has_counter=True,
                    role_grants__role="desk_officer",
                    role_grants__user__username__startswith="demo.",
                ).distinct()
            )
            made = build_demo(per_flow=2, seed=ctx.seed, counters=persona_counters)
            if not made:
                ctx.say(_("Dossiers: no published workflow has staff for every step; none made."))
                return
            ctx.say(_("Dossiers: %(n)s in every state of the lifecycle.") % {"n": grouped(len(made))})

        def reset(self, ctx: DemoContext) -> None:
            from egov.channels.models import OutboxMessage
            from egov.dossiers.models import Attachment, DossierFee

            OutboxMessage.objects.all().delete()
            Attachment.objects.all().delete()
            DossierFee.objects.all().delete()
            StepVisit.objects.all().delete()
            DossierEvent.objects.all().delete()
            Dossier.objects.all().delete()
            CodeSequence.objects.all().delete()

        def bulk(self, ctx: DemoContext, n: int) -> int:
            started = timezone.now()

            def progress(done: int) -> None:
                seconds = max((timezone.now() - started).total_seconds(), 1e-9)
                ctx.say(
                    _("Dossiers: %(done)s of %(n)s (%(rate)s/s)")
                    % {"done": grouped(done), "n": grouped(n), "rate": grouped(round(done / seconds))}
                )

            try:
                return bulk_generate(n, seed=ctx.seed, progress=progress)
            except LookupError as exc:
                from django.core.management import CommandError

                raise CommandError(f"Dossiers: {exc}") from exc


_register()
