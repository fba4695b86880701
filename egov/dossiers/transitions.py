"""The transition table: every move a dossier can take, each row carrying its whole behaviour.

A row says from which statuses and at which kinds of step the move may happen, who may take it (a
predicate of egov.dossiers.permissions), the guards it needs (each with its own refusal message), what
the person must enter (checks), the status it leads to and what else it changes (effects, applied in
order after the status is set), and which kind of file it takes. `services.transition` runs any row the
same way; a new move is one row here plus its tests. Moves that create a dossier (counter receipt, online
submission) are `intake.receive` and `intake.submit_online`; they write the same kind of history row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.dossiers import limits, linked, moves, permissions, result_moves
from egov.dossiers.models import Attachment, Dossier, Status
from egov.dossiers.moves import Check, Effect, FollowUp, Guard, HandlerChoices, RuleGuard
from egov.procedures.models import StepKind

S = Status
K = StepKind
ANY_WORK_STEP = (K.RECEIVE, K.PROCESS, K.APPROVE, K.INTER_AGENCY)
ANY_STEP = (*ANY_WORK_STEP, K.RETURN)
WORKING = (S.RECEIVED, S.PROCESSING)
OPEN = (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL)
FILES = Attachment.Kind


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    #: The status the move leads to; None: unchanged (or set by an effect, as on resuming).
    target: str | None
    who: Callable[[Dossier, Any], bool]
    kinds: tuple[str, ...] = ANY_WORK_STEP
    guards: tuple[Guard | RuleGuard, ...] = ()
    checks: tuple[Check, ...] = ()
    effects: tuple[Effect, ...] = ()
    #: The officers the form offers as handler (of the current or of the next step).
    handlers: HandlerChoices | None = None
    #: The kind of the files the move takes; None: it takes none.
    files: str | None = None
    slip: str | None = None
    notify_applicant: bool = False
    #: Accepted papers and returned results then go to the owner's store (datastore.keep_from_dossier).
    keeps_in_store: bool = False
    danger: bool = False
    #: Moves on other dossiers taken in the same transaction (a linked bundle's part: dossiers.linked).
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def needs(self) -> frozenset[str]:
        """The form fields the person must fill in."""
        fields: dict[Any, str] = {
            moves.reason_given: "reason",
            moves.handler_for_current_step: "handler",
            moves.new_due_allowed: "new_due",
        }
        return frozenset(fields[c] for c in self.checks if c in fields)

    @property
    def accepts_files(self) -> bool:
        return self.files is not None


REASON = (moves.reason_given,)
ROWS = (
    Transition(
        "accept",
        _("Accept the online submission"),
        (S.SUBMITTED,),
        S.RECEIVED,
        permissions.counter,
        kinds=(K.RECEIVE,),
        guards=(linked.NOT_HELD,),
        effects=(moves.answer_online, moves.start_processing),
        slip="receipt",
        notify_applicant=True,
        keeps_in_store=True,
    ),
    Transition(
        "reject",
        _("Refuse to accept"),
        (S.SUBMITTED,),
        S.NOT_ACCEPTED,
        permissions.counter,
        kinds=(K.RECEIVE,),
        checks=REASON,
        effects=(moves.answer_online, moves.close_step),
        slip="refusal",
        notify_applicant=True,
        danger=True,
    ),
    # Decree 118 art. 17.2.a (as amended by Decree 309/2026 art. 8.1): an online submission that is not
    # complete is sent back with everything missing named at once; no code is used up and no clock runs.
    Transition(
        "ask_to_complete",
        _("Ask the applicant to complete the dossier"),
        (S.SUBMITTED,),
        S.SUPPLEMENT,
        permissions.counter,
        kinds=(K.RECEIVE,),
        # In one go, and once in the dossier's life: Decree 118/2025 art. 17.2.a, 11.2.c.
        guards=(limits.SUPPLEMENT_NOT_ASKED_YET, linked.NOT_HELD),
        checks=REASON,
        effects=(moves.answer_online,),
        slip="supplement",
        notify_applicant=True,
    ),
    # The applicant's way back: the completed submission returns to the counter's queue with new limits.
    Transition(
        "resubmit",
        _("Completed dossier sent again"),
        (S.SUPPLEMENT,),
        S.SUBMITTED,
        permissions.applicant_or_counter,
        kinds=(K.RECEIVE,),
        guards=(moves.NOT_YET_ACCEPTED,),
        effects=(moves.reopen_online,),
        files=FILES.SUPPLEMENT,
        notify_applicant=True,
    ),
    # Decree 63/2024 art. 8.2, 14.2-3 (as amended by Decree 301/2026): only as a follow-up (dossiers.linked).
    Transition(
        "release_linked",
        _("Earlier part's result received: to the counter"),
        (S.SUBMITTED,),
        None,
        permissions.linked_release,
        kinds=(K.RECEIVE,),
        guards=(linked.IS_HELD, linked.EARLIER_HAS_RESULT),
        effects=(linked.release,),
    ),
    Transition(
        "assign",
        _("Assign a handler"),
        WORKING,
        None,
        permissions.assigner,
        kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
        checks=(moves.handler_for_current_step,),
        effects=(moves.give_to_handler,),
        handlers=moves.current_step_holders,
    ),
    Transition(
        "forward",
        _("Pass to the next step"),
        WORKING,
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.RECEIVE, K.PROCESS),
        guards=(moves.next_is(K.PROCESS),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        handlers=moves.next_step_holders,
        files=FILES.WORKING,
    ),
    Transition(
        "submit_for_approval",
        _("Submit for approval"),
        WORKING,
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.RECEIVE, K.PROCESS),
        guards=(moves.next_is(K.APPROVE),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        handlers=moves.next_step_holders,
        files=FILES.WORKING,
    ),
    Transition(
        "approve",
        _("Approve"),
        (S.PROCESSING,),
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.APPROVE,),
        guards=(moves.next_is(K.PROCESS, K.APPROVE, K.INTER_AGENCY, K.RETURN),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        handlers=moves.next_step_holders,
        files=FILES.RESULT,
        follow_ups=(linked.released_by,),
    ),
    Transition(
        "send_back",
        _("Send back for rework"),
        (S.PROCESSING,),
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.APPROVE,),
        guards=(moves.HAS_PREVIOUS,),
        checks=REASON,
        effects=(moves.to_previous_step,),
    ),
    Transition(
        "send_to_agency",
        _("Pass to another agency"),
        WORKING,
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.RECEIVE, K.PROCESS, K.APPROVE),
        guards=(moves.next_is(K.INTER_AGENCY),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        handlers=moves.next_step_holders,
        files=FILES.WORKING,
    ),
    Transition(
        "return_from_agency",
        _("Send back to the requesting agency"),
        (S.PROCESSING,),
        S.PROCESSING,
        permissions.step_holder,
        kinds=(K.INTER_AGENCY,),
        guards=(moves.next_is(K.PROCESS, K.APPROVE, K.INTER_AGENCY),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        handlers=moves.next_step_holders,
        files=FILES.WORKING,
    ),
    Transition(
        "result_ready",
        _("Result ready: send to the counter"),
        WORKING,
        S.RESOLVED,
        permissions.step_holder,
        kinds=(K.RECEIVE, K.PROCESS, K.INTER_AGENCY),
        guards=(moves.next_is(K.RETURN),),
        checks=(moves.handler_for_next_step,),
        effects=(moves.to_next_step,),
        files=FILES.RESULT,
        notify_applicant=True,
        follow_ups=(linked.released_by,),
    ),
    Transition(
        "request_supplement",
        _("Request a supplement"),
        WORKING,
        S.SUPPLEMENT,
        permissions.step_or_leader,
        # Once, within the time after receipt: Decree 118/2025 art. 11.2.c, 16.3, 19.5.
        guards=(limits.SUPPLEMENT_NOT_ASKED_YET, limits.SUPPLEMENT_IN_TIME),
        checks=REASON,
        effects=(moves.pause,),
        slip="supplement",
        notify_applicant=True,
    ),
    Transition(
        "supplement_received",
        _("Supplement received"),
        (S.SUPPLEMENT,),
        None,
        permissions.counter_or_step,
        guards=(moves.IS_PAUSED,),
        effects=(moves.resume,),
        files=FILES.SUPPLEMENT,
        keeps_in_store=True,
    ),
    # The applicant's own supplement from "my dossiers" (egov.portal), as "Supplement received": the clock
    # restarts or resumes as the dossier's rules say (Decree 118/2025 art. 19.5: restart; 2018: resume).
    Transition(
        "supplement_online",
        _("Supplement sent online by the applicant"),
        (S.SUPPLEMENT,),
        None,
        permissions.applicant,
        guards=(moves.IS_PAUSED,),
        effects=(moves.resume,),
        files=FILES.SUPPLEMENT,
        notify_applicant=True,
        keeps_in_store=True,
    ),
    Transition(
        "request_payment",
        _("Request payment of financial obligations"),
        WORKING,
        S.FINANCIAL,
        permissions.step_or_leader,
        kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
        checks=REASON,
        effects=(moves.pause_if_rules_stop_clock_for_payment,),
        notify_applicant=True,
    ),
    Transition(
        "payment_received",
        _("Financial obligations fulfilled"),
        (S.FINANCIAL,),
        None,
        permissions.counter_or_step,
        kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
        guards=(moves.IS_PAUSED,),
        effects=(moves.resume,),
        files=FILES.SUPPLEMENT,
        keeps_in_store=True,
    ),
    Transition(
        "refuse",
        _("Refuse with a reason"),
        WORKING,
        S.RESOLVED,
        permissions.step_or_leader,
        guards=(moves.HAS_RETURN_STEP,),
        checks=REASON,
        effects=(moves.refused, moves.to_return_step),
        slip="refusal",
        notify_applicant=True,
        danger=True,
    ),
    Transition(
        "apologise",
        _("Apologise and set a new date"),
        OPEN,
        None,
        permissions.step_or_leader,
        # Decree 118/2025 art. 19.6: once, a working day before the due moment at the latest, never overdue
        # or paused.
        guards=(
            moves.ACCEPTED,
            moves.APOLOGY_LEFT,
            limits.APOLOGY_NOT_PAUSED,
            limits.APOLOGY_NOT_OVERDUE,
            limits.APOLOGY_IN_TIME,
        ),
        checks=(moves.reason_given, moves.new_due_allowed),
        effects=(moves.set_new_due,),
        slip="apology",
        notify_applicant=True,
    ),
    Transition(
        "close_unsupplemented",
        _("Close: not supplemented in time"),
        (S.SUPPLEMENT,),
        S.ABANDONED,
        permissions.counter,
        # Decree 118/2025 art. 19.5: the one-stop unit closes a dossier not completed within the period.
        guards=(limits.SUPPLEMENT_PERIOD_PASSED,),
        effects=(limits.close_unsupplemented,),
        slip="closure",
        notify_applicant=True,
        danger=True,
    ),
    Transition(
        "stop",
        _("Stop processing"),
        OPEN,
        S.STOPPED,
        permissions.leader,
        checks=REASON,
        effects=(moves.finish,),
        slip="stop",
        notify_applicant=True,
        danger=True,
    ),
    # Decree 118/2025 art. 21.1-21.2: until the decision, the applicant asks at the counter (recorded there)
    # or online from "my dossiers" (egov.portal), from the system's receipt of the submission.
    Transition(
        "withdraw",
        _("Withdraw at the applicant's request"),
        (S.SUBMITTED, *OPEN),
        S.WITHDRAWN,
        permissions.applicant_or_counter,
        checks=REASON,
        effects=(moves.finish,),
        notify_applicant=True,
        danger=True,
    ),
    Transition(
        "return_result",
        _("Return the result"),
        (S.RESOLVED,),
        S.RETURNED,
        permissions.step_holder,
        kinds=(K.RETURN,),
        effects=(moves.hand_over,),
        notify_applicant=True,
        keeps_in_store=True,
        follow_ups=(linked.released_by,),
    ),
    # Decree 118/2025 art. 23.1: a returned result found wrong through the staff's fault.
    Transition(
        "request_correction",
        _("Send the result back for correction"),
        (S.RETURNED,),
        S.PROCESSING,
        permissions.counter,
        kinds=(K.RETURN,),
        guards=(result_moves.CORRECTION_IN_RULES, result_moves.HAS_ISSUING_STEP),
        checks=REASON,
        effects=(result_moves.send_for_correction,),
        notify_applicant=True,
        danger=True,
    ),
    # Decree 118/2025 art. 20.1.a: the paper dossier of a receipt outside the competent agency.
    Transition(
        "papers_sent",
        _("Paper dossier sent to the competent agency"),
        (*OPEN, S.RESOLVED),
        None,
        permissions.counter,
        kinds=ANY_STEP,
        guards=(result_moves.PAPERS_TO_SEND,),
        effects=(result_moves.papers_sent,),
    ),
    Transition(
        "papers_arrived",
        _("Paper dossier arrived"),
        (*OPEN, S.RESOLVED),
        None,
        permissions.at_paper_destination,
        kinds=ANY_STEP,
        guards=(result_moves.PAPERS_ON_THE_WAY,),
        effects=(result_moves.papers_arrived,),
    ),
)
TABLE: dict[str, Transition] = {t.action: t for t in ROWS}

#: History labels of the rows that are not moves of the table: the moves that create a dossier, and the link
#: of a counter dossier to the applicant's citizen account (egov.dossiers.ownership: the status stays).
CREATION_LABELS: dict[str, str | Promise] = {
    "receive": _("Received at the counter"),
    "submit": _("Submitted online"),
    "link_account": _("Linked to the applicant's online account"),
}


#: History labels for the rows that move nothing (egov.dossiers.fee_payments).
EVENT_LABELS: dict[str, str | Promise] = {
    "fee_paid": _("Fees paid online"),
}


def label_of(action: str) -> str | Promise:
    if action in TABLE:
        return TABLE[action].label
    return CREATION_LABELS.get(action) or EVENT_LABELS.get(action, action)
