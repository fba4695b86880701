"""Demo data for dossiers (development and benchmarks only; never needed in production).

`build_demo` takes a few dozen dossiers of the demo province through every branch
of the lifecycle with the real services, so history, deadlines, slips and queues
are exactly what officers would produce. `demo_bulk.bulk_generate` writes N dossiers
with their history rows and step visits straight with bulk_create, for the benchmarks
at a million dossiers.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.dossiers import deadlines, intake, services
from egov.dossiers.demo_bulk import bulk_generate
from egov.dossiers.demo_data import Flow, person, usable_flows
from egov.dossiers.models import CodeSequence, Dossier, DossierEvent, Status, StepVisit
from egov.dossiers.moves import apology_limit, current_step_holders
from egov.dossiers.transitions import TABLE
from egov.organizations.models import Agency
from egov.organizations.permissions import has_role
from egov.procedures.models import StepKind

__all__ = ["SCENARIOS", "Driver", "Flow", "build_demo", "bulk_generate", "person", "usable_flows"]


class Driver:
    """Takes dossiers through moves as the province's own officers would, each move by someone allowed to."""

    def __init__(self, root: Agency | None = None, now: dt.datetime | None = None) -> None:
        #: Moves are never dated after this moment: a dossier whose next move would be is left where it is.
        self.now = now or timezone.now()
        users = get_user_model().objects.filter(role_grants__isnull=False, is_active=True).distinct()
        if root is not None:
            users = users.filter(role_grants__agency__path__startswith=root.path)
        self.users = list(users.order_by("pk"))

    def actor(self, d: Dossier, action: str, at: dt.datetime | None = None) -> Any:
        for user in self.users:
            try:
                services.check(d, action, user, at)
            except services.TransitionRefused:
                continue
            return user
        return None

    def do(self, d: Dossier, action: str, at: dt.datetime, *, new_due: dt.datetime | None = None) -> Dossier:
        d = Dossier.objects.select_related("workflow", "current_agency", "receiving_agency").get(pk=d.pk)
        user = self.actor(d, action, at)
        if user is None:
            raise LookupError(f"nobody may {action} {d.code}")
        reason = REASONS.get(action, "Theo quy định") if "reason" in TABLE[action].needs else ""
        handler = None
        if action == "assign":
            handler = current_step_holders(d)[0]
            user = self.actor_for_assign(d, handler) or user
        return services.transition(
            d.pk, action, actor=user, now=at, reason=reason, handler=handler, new_due=new_due
        )

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
        step = Decimal(str(gap))
        if action == "apologise" and d.due_at is not None:
            # Decree 118/2025 art. 19.6: a working day before the due moment at the latest.
            room = deadlines.working_hours_between(at, d.due_at) - deadlines.DUE_SOON_HOURS
            if room < 0:
                break
            step = min(step, room)
        at = deadlines.add_working_hours(at, step)
        if at > driver.now:
            break
        if action == "to_approval":
            # From the moment of its last move: the next move (a send-back) comes after it, not before.
            d, at = _to_the_end(driver, d, at, gap, return_it=False, until=StepKind.APPROVE)
            continue
        if action == "forward" and driver.actor(d, action, at) is None:
            # A workflow whose next step is an inter-agency one (a linked group's part) sends it there.
            action = "send_to_agency"
        new_due = None
        if action == "apologise":
            wanted = deadlines.add_working_hours(max(d.due_at or at, at), Decimal(24))
            limit = apology_limit(d)
            new_due = min(wanted, limit) if limit is not None else wanted
        d = driver.do(d, action, at, new_due=new_due)
    return d


#: The moves that take a dossier on towards its result, tried in this order at each step (the year replay,
#: bench/replay.py, walks dossiers the same way).
NEXT_MOVES = (
    "forward",
    "submit_for_approval",
    "send_to_agency",
    "return_from_agency",
    "approve",
    "result_ready",
)


def _to_the_end(
    driver: Driver, d: Dossier, at: dt.datetime, gap: float, return_it: bool, until: str | None = None
) -> tuple[Dossier, dt.datetime]:
    """Move step by step until the result is ready (and returned), or until a step of kind `until`; the
    dossier and the moment of its last move."""
    for _step in range(12):
        if d.status == Status.RESOLVED or (until is not None and d.current_kind == until):
            break
        following = deadlines.add_working_hours(at, Decimal(str(gap)))
        if following > driver.now:
            return d, at
        at = following
        if d.handler_id is None and d.current_kind in (StepKind.PROCESS, StepKind.INTER_AGENCY):
            d = driver.do(d, "assign", at)
            continue
        for action in NEXT_MOVES:
            if driver.actor(d, action, at) is not None:
                d = driver.do(d, action, at)
                break
        else:
            raise LookupError(f"{d.code} is stuck at {d.current_kind}")
    if return_it and d.status == Status.RESOLVED:
        returned = deadlines.add_working_hours(at, Decimal(2))
        if returned <= driver.now:
            d = driver.do(d, "return_result", returned)
            at = returned
    return d, at


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
            d = intake.receive(
                actor=receiver,
                procedure=flow.template.procedure,
                agency=flow.counter,
                applicant=person(rng),
                summary=flow.template.procedure.name[:200],
                now=start,
            )
            moves = SCENARIOS[name]
            if moves == "done":
                d, _at = _to_the_end(driver, d, start, rng.choice([2, 6, 12]), return_it=False)
            elif moves == "returned":
                d, _at = _to_the_end(driver, d, start, rng.choice([2, 8, 16]), return_it=True)
            else:
                d = _run(driver, d, moves, start)
        made.append(d)
    # Online submissions: waiting, accepted, refused at the counter.
    for index, fate in enumerate(("wait", "accept", "reject")):
        flow = flows[index % len(flows)]
        at = now - dt.timedelta(hours=3 + index)
        d = intake.submit_online(
            actor=None, procedure=flow.template.procedure, agency=flow.counter, applicant=person(rng), now=at
        )
        if fate != "wait":
            d = driver.do(d, fate, deadlines.next_working_moment(at + dt.timedelta(hours=1)))
        made.append(d)
    return made


def _can_receive(user: Any, counter: Agency) -> bool:
    return has_role(user, "desk_officer", counter)


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
                made = bulk_generate(n, seed=ctx.seed, progress=progress)
            except LookupError as exc:
                from django.core.management import CommandError

                raise CommandError(f"Dossiers: {exc}") from exc
            # Bulk rows bypass the transition service, which keeps the statistics: recount them
            # (docs/stats.md).
            from egov.stats.services import rebuild

            rebuild(actor=ctx.actor)
            return made


_register()
