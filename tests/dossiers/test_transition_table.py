"""The whole transition table: every move from every state, tried by every persona of the cast.

EXPECTED says, for each state a dossier can be in, which personas may take which
move. Every other (state, move, persona) must be refused and change nothing: not
the dossier row, its history, step visits, outbox, attachments, nor the audit log.
The matrix is written out by hand from the rules in egov/dossiers/transitions.py
(who acts: the counter of the receiving agency, the holder of the current step's
role where the dossier sits, leaders of that agency), so a change of the table
shows up here as a diff to review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from egov.channels.models import OutboxMessage
from egov.core.models import AuditEntry
from egov.dossiers import deadlines, intake, services
from egov.dossiers.models import Attachment, Dossier, DossierEvent, Status, StepVisit
from egov.dossiers.transitions import TABLE
from tests.conftest import PERSONAS as CAST_PERSONAS
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, receive, step

PERSONAS = (*CAST_PERSONAS, "anonymous")
DESK, SPEC, LEAD, CB = "desk_officer", "specialist", "leader", "commune_b_specialist"


def _submitted(cast, flows):
    return intake.submit_online(
        procedure=flows.simple, agency=cast.province.commune_a, applicant=APPLICANT, now=MONDAY
    )


def _asked_to_complete(cast, flows):
    return step(
        _submitted(cast, flows), "ask_to_complete", cast.desk_officer, MONDAY + hours(1), reason="Thiếu"
    )


def _received(cast, flows):
    return receive(cast, flows.simple)


def _processing_free(cast, flows):
    return step(_received(cast, flows), "forward", cast.desk_officer, MONDAY + hours(1))


def _processing_mine(cast, flows):
    d = _processing_free(cast, flows)
    return step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)


def _approving(cast, flows):
    return step(_processing_mine(cast, flows), "submit_for_approval", cast.specialist, MONDAY + hours(3))


def _supplement(cast, flows):
    return step(
        _received(cast, flows), "request_supplement", cast.desk_officer, MONDAY + hours(1), reason="Thiếu"
    )


def _supplement_processing(cast, flows):
    d = _processing_mine(cast, flows)
    return step(d, "request_supplement", cast.specialist, MONDAY + hours(3), reason="Thiếu giấy tờ")


def _supplement_expired(cast, flows):
    """Asked for a supplement three weeks ago: the 15 days of Decree 118/2025 art. 19.5 have passed."""
    long_ago = MONDAY - dt.timedelta(days=20)
    d = receive(cast, flows.simple, now=long_ago)
    return step(d, "request_supplement", cast.desk_officer, long_ago + hours(1), reason="Thiếu")


def _financial(cast, flows):
    d = _processing_mine(cast, flows)
    return step(d, "request_payment", cast.specialist, MONDAY + hours(3), reason="Nộp lệ phí")


def _inter_before(cast, flows):
    d = step(receive(cast, flows.inter), "forward", cast.desk_officer, MONDAY + hours(1))
    return step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)


def _inter_agency(cast, flows):
    return step(_inter_before(cast, flows), "send_to_agency", cast.specialist, MONDAY + hours(3))


def _resolved(cast, flows):
    return step(_approving(cast, flows), "approve", cast.leader, MONDAY + hours(4))


def _returned(cast, flows):
    return step(_resolved(cast, flows), "return_result", cast.desk_officer, MONDAY + hours(5))


def _not_accepted(cast, flows):
    return step(
        _submitted(cast, flows), "reject", cast.desk_officer, MONDAY + hours(1), reason="Sai thẩm quyền"
    )


def _withdrawn(cast, flows):
    return step(_received(cast, flows), "withdraw", cast.desk_officer, MONDAY + hours(1), reason="Đơn rút")


def _stopped(cast, flows):
    return step(_processing_mine(cast, flows), "stop", cast.leader, MONDAY + hours(3), reason="Theo đề nghị")


def _apologised(cast, flows):
    d = _processing_mine(cast, flows)
    return step(
        d,
        "apologise",
        cast.leader,
        MONDAY + hours(3),
        reason="Xác minh",
        new_due=deadlines.add_working_hours(d.due_at, 24),
    )


def _papers_on_the_way(cast, flows):
    return step(_received(cast, flows), "papers_sent", cast.desk_officer, MONDAY + hours(1))


STATES: dict[str, Callable[..., Dossier]] = {
    "submitted": _submitted,
    "asked_to_complete": _asked_to_complete,
    "received": _received,
    "processing_free": _processing_free,
    "processing_mine": _processing_mine,
    "approving": _approving,
    "supplement": _supplement,
    "supplement_processing": _supplement_processing,
    "supplement_expired": _supplement_expired,
    "financial": _financial,
    "inter_before": _inter_before,
    "inter_agency": _inter_agency,
    "resolved": _resolved,
    "returned": _returned,
    "not_accepted": _not_accepted,
    "withdrawn": _withdrawn,
    "stopped": _stopped,
    "apologised": _apologised,
    "papers_on_the_way": _papers_on_the_way,
}

_working_at_process = {
    "assign": {LEAD},
    "submit_for_approval": {SPEC},
    "request_supplement": {SPEC, LEAD},
    "request_payment": {SPEC, LEAD},
    "refuse": {SPEC, LEAD},
    "apologise": {SPEC, LEAD},
    "stop": {LEAD},
    "withdraw": {DESK},
}

EXPECTED: dict[str, dict[str, set[str]]] = {
    "submitted": {"accept": {DESK}, "reject": {DESK}, "ask_to_complete": {DESK}, "withdraw": {DESK}},
    # Not accepted yet: no appointment to apologise for, no paused clock to resume.
    "asked_to_complete": {"resubmit": {DESK}, "withdraw": {DESK}},
    "received": {
        "forward": {DESK},
        "request_supplement": {DESK},
        "refuse": {DESK},
        "apologise": {DESK},
        "withdraw": {DESK},
    },
    "processing_free": {**_working_at_process, "assign": {SPEC, LEAD}},
    "processing_mine": _working_at_process,
    "approving": {
        "assign": {LEAD},
        "approve": {LEAD},
        "send_back": {LEAD},
        "request_supplement": {LEAD},
        "request_payment": {LEAD},
        "refuse": {LEAD},
        "apologise": {LEAD},
        "stop": {LEAD},
        "withdraw": {DESK},
    },
    # No apology while paused (Decree 118/2025 art. 19.6); closing only once the period has passed.
    "supplement": {"supplement_received": {DESK}, "withdraw": {DESK}},
    "supplement_processing": {
        "supplement_received": {DESK, SPEC},
        "stop": {LEAD},
        "withdraw": {DESK},
    },
    "supplement_expired": {
        "supplement_received": {DESK},
        "close_unsupplemented": {DESK},
        "withdraw": {DESK},
    },
    "financial": {
        "payment_received": {DESK, SPEC},
        "stop": {LEAD},
        "withdraw": {DESK},
    },
    "inter_before": {
        **{k: v for k, v in _working_at_process.items() if k != "submit_for_approval"},
        "send_to_agency": {SPEC},
    },
    "inter_agency": {
        "assign": {CB},
        "return_from_agency": {CB},
        "request_supplement": {CB},
        "request_payment": {CB},
        "refuse": {CB},
        "apologise": {CB},
        "withdraw": {DESK},
    },
    "resolved": {"return_result": {DESK}},
    "returned": {},
    "not_accepted": {},
    "withdrawn": {},
    "stopped": {},
    "apologised": {k: v for k, v in _working_at_process.items() if k != "apologise"},
}
# Decree 118/2025 art. 20.1.a: the fixtures' dossiers are received at commune A for the Justice office, so
# their paper dossier is to be sent there: the receiving counter records it while the dossier is open or
# its result waits at the counter; the Justice office (its specialist, its department's leader) records
# that it arrived. Art. 23.1: the counter sends a returned result back for correction.
for _state in (
    "received",
    "processing_free",
    "processing_mine",
    "approving",
    "supplement",
    "supplement_processing",
    "supplement_expired",
    "financial",
    "inter_before",
    "inter_agency",
    "resolved",
    "apologised",
):
    EXPECTED[_state] = {**EXPECTED[_state], "papers_sent": {DESK}}
EXPECTED["papers_on_the_way"] = {
    **{k: v for k, v in EXPECTED["received"].items() if k != "papers_sent"},
    "papers_arrived": {SPEC, LEAD},
}
EXPECTED["returned"] = {"request_correction": {DESK}}

TARGET = {
    "accept": Status.RECEIVED,
    "reject": Status.NOT_ACCEPTED,
    "forward": Status.PROCESSING,
    "submit_for_approval": Status.PROCESSING,
    "approve": Status.RESOLVED,
    "send_back": Status.PROCESSING,
    "send_to_agency": Status.PROCESSING,
    "return_from_agency": Status.PROCESSING,
    "result_ready": Status.RESOLVED,
    "request_supplement": Status.SUPPLEMENT,
    "close_unsupplemented": Status.ABANDONED,
    "request_payment": Status.FINANCIAL,
    "refuse": Status.RESOLVED,
    "stop": Status.STOPPED,
    "withdraw": Status.WITHDRAWN,
    "return_result": Status.RETURNED,
    "request_correction": Status.PROCESSING,
}


def test_every_move_of_the_table_is_covered():
    assert set(EXPECTED) == set(STATES)
    covered = {action for moves in EXPECTED.values() for action in moves}
    # result_ready is exercised in test_deadlines (a workflow whose process step is followed by return);
    # supplement_online is the applicant's own, refused to all here (tests/portal/test_supplement.py);
    # release_linked, taken only as a follow-up of a linked part's result, in test_bundles.
    assert covered | {"result_ready", "supplement_online", "release_linked"} == set(TABLE)


def _who(cast, name: str) -> Any:
    return AnonymousUser() if name == "anonymous" else getattr(cast, name).user


def _assignee(cast, state: str, persona: str) -> Any:
    if persona != LEAD:
        return _who(cast, persona)
    return {"approving": cast.leader.user}.get(state, cast.specialist.user)


def _fingerprint(d: Dossier) -> tuple:
    return (
        Dossier.objects.values().get(pk=d.pk),
        DossierEvent.objects.filter(dossier=d).count(),
        list(StepVisit.objects.filter(dossier=d).values()),
        OutboxMessage.objects.count(),
        Attachment.objects.count(),
        AuditEntry.objects.count(),
    )


class Rollback(Exception):
    pass


@pytest.mark.parametrize("action", sorted(TABLE))
@pytest.mark.parametrize("state", sorted(STATES))
def test_move_from_state_by_every_persona(cast, flows, state, action):
    d = STATES[state](cast, flows)
    allowed = EXPECTED[state].get(action, set())
    later = MONDAY + hours(6)
    for persona in PERSONAS:
        user = _who(cast, persona)
        before = _fingerprint(d)
        kwargs: dict[str, Any] = {"reason": "Lý do ghi trên phiếu", "now": later}
        if action == "assign":
            kwargs["handler"] = _assignee(cast, state, persona)
        if action == "apologise":
            kwargs["new_due"] = deadlines.add_working_hours(d.due_at or later, 16)
        if persona in allowed:
            try:
                with transaction.atomic():
                    moved = services.transition(d.pk, action, actor=user, **kwargs)
                    assert moved.version == d.version + 1, (state, action, persona)
                    assert DossierEvent.objects.filter(dossier=d).count() == before[1] + 1
                    if action in TARGET:
                        assert moved.status == TARGET[action], (state, action, persona)
                    raise Rollback
            except Rollback:
                pass
            assert _fingerprint(d) == before
        else:
            with pytest.raises((services.TransitionRefused, ValidationError)) as excinfo:
                services.transition(d.pk, action, actor=user, **kwargs)
            assert isinstance(excinfo.value, services.TransitionRefused), (
                state,
                action,
                persona,
                excinfo.value,
            )
            assert _fingerprint(d) == before, (state, action, persona)


def test_available_actions_match_the_matrix(cast, flows):
    for state, build in STATES.items():
        d = Dossier.objects.get(pk=build(cast, flows).pk)
        for persona in PERSONAS:
            offered = {
                t.action for t in services.available_actions(d, _who(cast, persona), MONDAY + hours(6))
            }
            expected = {a for a, who in EXPECTED[state].items() if persona in who}
            assert offered == expected, (state, persona)
