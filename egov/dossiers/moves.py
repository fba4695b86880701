"""The pieces the transition table is built from: guards (may this move happen to the dossier as it is
now?), checks of what the person entered, and effects (what the move changes).

Each is a small function; `transitions.TABLE` lists, per move, which ones apply, so the transition
service (`services.transition`) runs a row without knowing which move it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.core import statements
from egov.core.audit import Actor
from egov.dossiers import codes, deadlines, online, permissions, results, steps
from egov.dossiers.models import Dossier, Outcome, Status, StepVisit, SupplementMode
from egov.dossiers.rules import rules_by_version, rules_for
from egov.procedures.models import StepKind, WorkflowStep


@dataclass(frozen=True)
class Request:
    """What the person asked for with the move."""

    actor: Actor
    now: dt.datetime
    reason: str = ""
    comment: str = ""
    handler: Any = None
    new_due: dt.datetime | None = None


@dataclass
class Change:
    """A move being applied: the locked dossier, the request, the status it had, what the history keeps."""

    d: Dossier
    request: Request
    from_status: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Guard:
    """A condition on the dossier as it is now, with the message that refuses the move when it fails."""

    holds: Callable[[Dossier], bool]
    message: str | Promise

    def refusal(self, d: Dossier, now: dt.datetime) -> str | None:
        """Why the move is refused now, or None when the condition holds."""
        return None if self.holds(d) else str(self.message)


@dataclass(frozen=True)
class RuleGuard:
    """A condition of the dossier's rule set, which may depend on the moment of the move (a time limit);
    it returns its own refusal, naming the limit and its source, or None when the move may happen."""

    refuses: Callable[[Dossier, dt.datetime], str | None]

    def refusal(self, d: Dossier, now: dt.datetime) -> str | None:
        return self.refuses(d, now)


#: Every move that asks the applicant to supplement or complete the dossier: the rules allow one in all
#: (Decree 118/2025 art. 11.2.c, 16.3, 17.1.c, 17.2.a). `ask_to_complete` is the request on an online
#: submission not yet accepted (its row is added with the online queue).
SUPPLEMENT_ACTIONS: tuple[str, ...] = ("request_supplement", "ask_to_complete")


#: A check of the request: the errors to show, per form field (empty when all is well).
Check = Callable[[Dossier, Request], dict[str, Any]]
Effect = Callable[[Change], None]
HandlerChoices = Callable[[Dossier], list[Any]]
#: Moves a move brings on other dossiers: (dossier id, action, actor) each (egov.dossiers.linked).
FollowUp = Callable[[Dossier], list[tuple[int, str, Any]]]


# ---------------------------------------------------------------- guards


def next_is(*kinds: str) -> Guard:
    def holds(d: Dossier) -> bool:
        following = steps.neighbour(d, 1)
        return following is not None and following.kind in kinds

    return Guard(holds, _("The workflow has no such next step here."))


HAS_PREVIOUS = Guard(
    lambda d: steps.neighbour(d, -1) is not None, _("There is no earlier step to send the dossier back to.")
)
HAS_RETURN_STEP = Guard(
    lambda d: steps.return_step(d) is not None, _("The workflow has no step to return the result.")
)
IS_PAUSED = Guard(lambda d: d.paused_from != "", _("The dossier is not paused."))
NOT_YET_ACCEPTED = Guard(
    lambda d: d.received_at is None and d.paused_from == "",
    _("The dossier was already accepted: its supplement is received with “Supplement received”."),
)
ACCEPTED = Guard(
    lambda d: d.received_at is not None, _("The dossier has not been accepted yet: it has no appointment.")
)
APOLOGY_LEFT = Guard(
    lambda d: d.apologies < rules_by_version(d.rules_version).apology_max,
    _("A new date has already been set for this dossier once; the rules allow no more."),
)


# ---------------------------------------------------------------- handler choices and checks


def current_step_holders(d: Dossier) -> list[Any]:
    """Who may be given the dossier at its current step."""
    return permissions.holders(d.current_role, d.current_agency, d.current_kind)


def next_step_holders(d: Dossier) -> list[Any]:
    """Who may be given the dossier at the step it moves to (nobody is chosen for the return step)."""
    following = steps.neighbour(d, 1)
    if following is None or following.kind == StepKind.RETURN:
        return []
    return permissions.holders(following.role, steps.step_agency(d, following), following.kind)


def reason_given(d: Dossier, r: Request) -> dict[str, Any]:
    if r.reason:
        return {}
    return {"reason": _("Write the reason: it is printed on the slip and sent to the applicant.")}


def handler_for_current_step(d: Dossier, r: Request) -> dict[str, Any]:
    if r.handler is None:
        return {"handler": _("Choose the officer who will handle the dossier.")}
    if not permissions.is_holder(r.handler, d.current_role, d.current_agency, d.current_kind):
        return {"handler": _("This officer does not hold the role of the current step here.")}
    if r.handler.pk != r.actor.pk and not permissions.may_give_to_others(d, r.actor):
        return {"handler": _("Only a leader may give the dossier to someone else; you may take it yourself.")}
    return {}


def handler_for_next_step(d: Dossier, r: Request) -> dict[str, Any]:
    """The officer chosen for the next step, if any, must be one of `next_step_holders` (asked for this one
    officer, not by listing them): nobody is chosen for the return step."""
    if r.handler is None:
        return {}
    following = steps.neighbour(d, 1)
    if (
        following is not None
        and following.kind != StepKind.RETURN
        and permissions.is_holder(r.handler, following.role, steps.step_agency(d, following), following.kind)
    ):
        return {}
    return {"handler": _("This officer does not hold the role of the next step.")}


def apology_limit(d: Dossier) -> dt.datetime | None:
    """The latest new appointment the rules allow: the current one plus `apology.max_extension` times
    the procedure's time limit, in working time (None when the rules set no bound)."""
    times = rules_by_version(d.rules_version).apology_max_extension
    if times is None or d.due_at is None:
        return None
    return deadlines.dossier_due(d.due_at, d.procedure, times=times)


def new_due_allowed(d: Dossier, r: Request) -> dict[str, Any]:
    """A new appointment: a working moment, later than now and than the current one, within the rules."""
    if r.new_due is None:
        return {"new_due": _("Set the new date for the result.")}
    if d.due_at is not None and r.new_due <= d.due_at:
        return {"new_due": _("The new date must be later than the current appointment.")}
    if r.new_due <= r.now:
        return {"new_due": _("The new date must be in the future.")}
    if not deadlines.is_working_moment(r.new_due):
        return {"new_due": _("The new date must fall within office hours on a working day.")}
    limit = apology_limit(d)
    if limit is not None and r.new_due > limit:
        return {
            "new_due": _("The rules allow a new date no later than %(limit)s.")
            % {"limit": deadlines.display(limit)}
        }
    return {}


# ---------------------------------------------------------------- effects


def pause(c: Change) -> None:
    """Stop the clock while the applicant acts (the status it resumes to is kept)."""
    c.d.paused_from = c.from_status
    c.d.paused_at = c.request.now


def pause_if_rules_stop_clock_for_payment(c: Change) -> None:
    """Financial obligations stop the clock only where the dossier's rules say so."""
    pause(c)
    if not rules_by_version(c.d.rules_version).financial_obligation_pauses:
        c.d.paused_at = None


def resume(c: Change) -> None:
    """End a pause. With "resume" every deadline moves on by the working time paused; with "restart"
    the dossier's deadline is counted again in full from now (rules/*.json, "supplement")."""
    d, now = c.d, c.request.now
    restart = d.supplement_mode == SupplementMode.RESTART and c.from_status == Status.SUPPLEMENT
    d.status = d.paused_from
    d.paused_from = ""
    if d.paused_at is None:  # a pause the rules did not stop the clock for
        c.data["paused_hours"] = "0"
        return
    paused = deadlines.working_hours_between(d.paused_at, now)
    if restart:
        d.due_at = deadlines.dossier_due(now, d.procedure)
    elif d.due_at is not None:
        d.due_at = deadlines.resume_due(d.due_at, d.paused_at, now)
    if d.step_due_at is not None:
        d.step_due_at = deadlines.resume_due(d.step_due_at, d.paused_at, now)
    StepVisit.objects.filter(dossier=d, finished_at__isnull=True).update(
        paused_hours=F("paused_hours") + paused, due_at=d.step_due_at
    )
    d.paused_at = None
    c.data.update({"paused_hours": str(paused), "mode": d.supplement_mode})


def give_to_handler(c: Change) -> None:
    c.d.handler = c.request.handler
    # The open visit's handler, by a statement built once per process (egov.core.statements).
    statements.update_rows(steps.unfinished_visits, {"handler_id": c.request.handler.pk}, c.d.pk)
    c.data["handler_name"] = c.request.handler.get_full_name()


def set_new_due(c: Change) -> None:
    assert c.request.new_due is not None
    c.data["old_due"] = steps.local_iso(c.d.due_at)
    c.data["new_due"] = steps.local_iso(c.request.new_due)
    c.d.due_at = c.request.new_due
    c.d.apologies += 1


def _finish(c: Change, *, close: bool) -> None:
    d, now = c.d, c.request.now
    if d.finished_at is None:
        d.finished_at = now
        d.timeliness = deadlines.classify(now, d.due_at) if d.received_at else ""
    if close:
        steps.close_visit(d, now)


def _arrive(c: Change, step: WorkflowStep | None, handler: Any) -> None:
    """Move to `step`; arriving at the return step, the result is ready (granted unless refused)."""
    assert step is not None
    steps.move_to(c.d, step, handler, c.request.now, c.request.actor)
    if step.kind == StepKind.RETURN:
        c.d.status = Status.RESOLVED
        c.d.outcome = c.d.outcome or Outcome.GRANTED
        _finish(c, close=False)
        if c.d.correction_due_at is not None:  # a corrected result is back (Decree 118/2025 art. 23.1)
            c.data.update(results.end_correction(c.d, c.request.now))


def to_next_step(c: Change) -> None:
    _arrive(c, steps.neighbour(c.d, 1), c.request.handler)


def to_previous_step(c: Change) -> None:
    """Back to the earlier step, to whoever handled it last unless someone is chosen."""
    target = steps.neighbour(c.d, -1)
    handler = c.request.handler
    if handler is None and target is not None:
        last = StepVisit.objects.filter(dossier=c.d, step=target).order_by("-started_at").first()
        handler = last.handler if last else None
    _arrive(c, target, handler)


def to_return_step(c: Change) -> None:
    _arrive(c, steps.return_step(c.d), c.request.handler)


def refused(c: Change) -> None:
    c.d.outcome = Outcome.REFUSED


def finish(c: Change) -> None:
    """The dossier ends here (withdrawn, stopped): its finish moment, timeliness, and the step closed."""
    _finish(c, close=True)


def close_step(c: Change) -> None:
    steps.close_visit(c.d, c.request.now, c.request.actor)


def hand_over(c: Change) -> None:
    """The result is handed to the applicant."""
    c.d.returned_at = c.request.now
    steps.close_visit(c.d, c.request.now, c.request.actor)


def start_processing(c: Change) -> None:
    """An accepted online submission: judged by the rules in force now, it gets its dossier code, its
    clock starts, the desk officer who accepted it holds the receiving step."""
    d, now = c.d, c.request.now
    rules = rules_for(now)
    # Received now: its code, dated today, replaces the submission's reference (Decree 118 art. 17.3).
    c.data["submission_ref"] = d.submission_ref
    c.data["code"] = codes.issue(d, rules, now)
    d.rules_version = rules.version
    d.supplement_mode = rules.supplement_mode(d.procedure.code)
    steps.start_clock(d, now)
    d.handler = steps.user_of(c.request.actor)
    steps.open_visit(d, now)


# ---------------------------------------------------------------- online submissions before acceptance


def answer_online(c: Change) -> None:
    """The counter answers an online submission (accepts it, asks for it to be completed, or refuses it): the
    history keeps the acceptance limit and whether the answer came after it (Decree 118 art. 17.2.c)."""
    limit = c.d.accept_due_at
    if limit is None:
        return
    c.data["accept_due"] = steps.local_iso(limit)
    c.data["accept_late"] = c.request.now > limit


def reopen_online(c: Change) -> None:
    """The completed submission is back in the counter's queue as a new one: new limits, a new alert; still no
    processing clock (it starts on acceptance)."""
    online.open_limits(c.d, c.request.now)
    online.alert_counter(c.d, c.request.now)
