"""The transition table: which move may happen from which status and step, by whom, and what it needs.

`services.transition` is the only code that applies these rows. Moves that
create a dossier (counter receipt, online submission) are `services.receive`
and `services.submit_online`; they write the same kind of history row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.dossiers.models import Status
from egov.procedures.models import StepKind

S = Status
K = StepKind
ANY_WORK_STEP = (K.RECEIVE, K.PROCESS, K.APPROVE, K.INTER_AGENCY)


class Actor:
    """Who may take a move (checked against role grants on the agency tree)."""

    #: A desk officer of the receiving agency (its one-stop counter).
    COUNTER = "counter"
    #: Whoever holds the current step's role at the agency where the dossier sits; once a
    #: handler is assigned, that handler only.
    STEP = "step"
    #: STEP, or a leader of the agency where the dossier sits.
    STEP_OR_LEADER = "step_or_leader"
    #: COUNTER, or STEP.
    COUNTER_OR_STEP = "counter_or_step"
    #: A leader of the agency where the dossier sits or of the receiving agency.
    LEADER = "leader"
    #: A leader of the agency where the dossier sits assigns anyone holding the step's role;
    #: a holder of the role takes an unassigned dossier for themselves.
    ASSIGN = "assign"


class Move:
    NONE = "none"
    NEXT = "next"
    PREVIOUS = "previous"
    RETURN_STEP = "return_step"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str | None  # None: the status does not change (or, on resume, goes back to where it was)
    actor: str
    kinds: tuple[str, ...] = ANY_WORK_STEP
    next_kinds: tuple[str, ...] | None = None
    move: str = Move.NONE
    needs: frozenset[str] = field(default_factory=frozenset)
    accepts_files: bool = False
    slip: str | None = None
    notify_applicant: bool = False
    pauses: bool = False
    resumes: bool = False
    danger: bool = False


TABLE: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "accept",
            _("Accept the online submission"),
            (S.SUBMITTED,),
            S.RECEIVED,
            Actor.COUNTER,
            kinds=(K.RECEIVE,),
            slip="receipt",
            notify_applicant=True,
        ),
        Transition(
            "reject",
            _("Refuse to accept"),
            (S.SUBMITTED,),
            S.NOT_ACCEPTED,
            Actor.COUNTER,
            kinds=(K.RECEIVE,),
            needs=frozenset({"reason"}),
            slip="refusal",
            notify_applicant=True,
            danger=True,
        ),
        Transition(
            "assign",
            _("Assign a handler"),
            (S.RECEIVED, S.PROCESSING),
            None,
            Actor.ASSIGN,
            kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
            needs=frozenset({"handler"}),
        ),
        Transition(
            "forward",
            _("Pass to the next step"),
            (S.RECEIVED, S.PROCESSING),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.RECEIVE, K.PROCESS),
            next_kinds=(K.PROCESS,),
            move=Move.NEXT,
            accepts_files=True,
        ),
        Transition(
            "submit_for_approval",
            _("Submit for approval"),
            (S.RECEIVED, S.PROCESSING),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.RECEIVE, K.PROCESS),
            next_kinds=(K.APPROVE,),
            move=Move.NEXT,
            accepts_files=True,
        ),
        Transition(
            "approve",
            _("Approve"),
            (S.PROCESSING,),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.APPROVE,),
            move=Move.NEXT,
            accepts_files=True,
        ),
        Transition(
            "send_back",
            _("Send back for rework"),
            (S.PROCESSING,),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.APPROVE,),
            move=Move.PREVIOUS,
            needs=frozenset({"reason"}),
        ),
        Transition(
            "send_to_agency",
            _("Pass to another agency"),
            (S.RECEIVED, S.PROCESSING),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.RECEIVE, K.PROCESS, K.APPROVE),
            next_kinds=(K.INTER_AGENCY,),
            move=Move.NEXT,
            accepts_files=True,
        ),
        Transition(
            "return_from_agency",
            _("Send back to the requesting agency"),
            (S.PROCESSING,),
            S.PROCESSING,
            Actor.STEP,
            kinds=(K.INTER_AGENCY,),
            next_kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
            move=Move.NEXT,
            accepts_files=True,
        ),
        Transition(
            "result_ready",
            _("Result ready: send to the counter"),
            (S.RECEIVED, S.PROCESSING),
            S.RESOLVED,
            Actor.STEP,
            kinds=(K.RECEIVE, K.PROCESS, K.INTER_AGENCY),
            next_kinds=(K.RETURN,),
            move=Move.NEXT,
            accepts_files=True,
            notify_applicant=True,
        ),
        Transition(
            "request_supplement",
            _("Request a supplement"),
            (S.RECEIVED, S.PROCESSING),
            S.SUPPLEMENT,
            Actor.STEP_OR_LEADER,
            needs=frozenset({"reason"}),
            slip="supplement",
            notify_applicant=True,
            pauses=True,
        ),
        Transition(
            "supplement_received",
            _("Supplement received"),
            (S.SUPPLEMENT,),
            None,
            Actor.COUNTER_OR_STEP,
            accepts_files=True,
            resumes=True,
        ),
        Transition(
            "request_payment",
            _("Request payment of financial obligations"),
            (S.RECEIVED, S.PROCESSING),
            S.FINANCIAL,
            Actor.STEP_OR_LEADER,
            kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
            needs=frozenset({"reason"}),
            notify_applicant=True,
            pauses=True,
        ),
        Transition(
            "payment_received",
            _("Financial obligations fulfilled"),
            (S.FINANCIAL,),
            None,
            Actor.COUNTER_OR_STEP,
            kinds=(K.PROCESS, K.APPROVE, K.INTER_AGENCY),
            accepts_files=True,
            resumes=True,
        ),
        Transition(
            "refuse",
            _("Refuse with a reason"),
            (S.RECEIVED, S.PROCESSING),
            S.RESOLVED,
            Actor.STEP_OR_LEADER,
            move=Move.RETURN_STEP,
            needs=frozenset({"reason"}),
            slip="refusal",
            notify_applicant=True,
            danger=True,
        ),
        Transition(
            "apologise",
            _("Apologise and set a new date"),
            (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL),
            None,
            Actor.STEP_OR_LEADER,
            needs=frozenset({"reason", "new_due"}),
            slip="apology",
            notify_applicant=True,
        ),
        Transition(
            "stop",
            _("Stop processing"),
            (S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL),
            S.STOPPED,
            Actor.LEADER,
            needs=frozenset({"reason"}),
            slip="stop",
            notify_applicant=True,
            danger=True,
        ),
        Transition(
            "withdraw",
            _("Withdraw at the applicant's request"),
            (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL),
            S.WITHDRAWN,
            Actor.COUNTER,
            kinds=(*ANY_WORK_STEP,),
            needs=frozenset({"reason"}),
            notify_applicant=True,
            danger=True,
        ),
        Transition(
            "return_result",
            _("Return the result"),
            (S.RESOLVED,),
            S.RETURNED,
            Actor.STEP,
            kinds=(K.RETURN,),
            notify_applicant=True,
        ),
    )
}

#: History labels for the moves that create a dossier.
CREATION_LABELS: dict[str, str | Promise] = {
    "receive": _("Received at the counter"),
    "submit": _("Submitted online"),
}


def label_of(action: str) -> str | Promise:
    if action in TABLE:
        return TABLE[action].label
    return CREATION_LABELS.get(action, action)
