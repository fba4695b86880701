"""The forecast learns each stay as it stood when the step began: the handler then, not the official who
finished it (a stay nobody took records its closer as handler, egov.dossiers.steps.close_visit)."""

from __future__ import annotations

import pytest

from egov.dossiers.models import StepVisit
from egov.insight.forecast import data
from egov.procedures.models import StepKind
from tests.dossiers.conftest import MONDAY, hours, receive, step

pytestmark = pytest.mark.django_db


def test_an_untaken_approval_is_learnt_with_the_load_it_had_when_it_began(cast, flows):
    done = receive(cast, flows.simple)
    done = step(done, "forward", cast.desk_officer, MONDAY + hours(1))
    done = step(done, "submit_for_approval", cast.specialist, MONDAY + hours(2))
    done = step(done, "approve", cast.leader, MONDAY + hours(3))  # never taken: the leader written at close
    step(done, "return_result", cast.desk_officer, MONDAY + hours(4))
    approve = StepVisit.objects.get(dossier=done, step__kind=StepKind.APPROVE)
    assert approve.handler == cast.leader.user
    waiting = receive(cast, flows.simple, now=MONDAY + hours(5))
    waiting = step(waiting, "forward", cast.desk_officer, MONDAY + hours(6))
    waiting = step(waiting, "submit_for_approval", cast.specialist, MONDAY + hours(7))
    # The same position (at the approval, nobody has taken it) is scored with no load …
    scored = dict(data.open_snapshots(MONDAY + hours(7)))
    assert scored[waiting.pk].load == 0
    # … and was learnt with the load of the leader who turned out to approve it.
    learnt = [s for s in data.training_snapshots() if s.step == StepKind.APPROVE]
    assert learnt and all(s.load == 0 for s in learnt)
