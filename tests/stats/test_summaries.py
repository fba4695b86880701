"""The summary tables follow every move in its transaction; rebuild_stats rebuilds them; check_stats proves
them equal to a recount and fails, listing the differences, when they are not."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from egov.dossiers import demo
from egov.dossiers.models import Dossier, Status
from egov.stats import recount
from egov.stats.models import DayFigure, Measure, OpenFigure, OpenState, StepFigure
from tests.dossiers.conftest import MONDAY, hours, receive, step


def _check() -> int:
    try:
        call_command("check_stats", stdout=io.StringIO())
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


@pytest.fixture
def every_outcome(cast, flows):
    """Dossiers through every branch of the demo (received, refused, withdrawn, stopped, returned, …)."""
    made = demo.build_demo(cast.province.root, per_flow=2)
    statuses = {d.status for d in made}
    assert statuses >= {
        Status.RETURNED,
        Status.WITHDRAWN,
        Status.STOPPED,
        Status.NOT_ACCEPTED,
        Status.SUPPLEMENT,
    }
    return made


def test_moves_keep_the_tables_equal_to_a_recount(every_outcome):
    assert DayFigure.objects.exists() and OpenFigure.objects.exists() and StepFigure.objects.exists()
    assert recount.differences(recount.recount(), recount.stored()) == []
    assert _check() == 0


def test_every_outcome_is_counted(every_outcome):
    measures = set(DayFigure.objects.exclude(count=0).values_list("measure", flat=True))
    assert measures >= {
        Measure.RECEIVED,
        Measure.SUBMITTED,
        Measure.NOT_ACCEPTED,
        Measure.RETURNED,
        Measure.WITHDRAWN,
        Measure.STOPPED,
        Measure.REFUSED,
    }
    assert measures & {Measure.EARLY, Measure.ON_TIME, Measure.LATE}
    states = set(OpenFigure.objects.exclude(count=0).values_list("state", flat=True))
    assert states >= {OpenState.RUNNING, OpenState.WAITING}


def test_check_stats_fails_and_lists_a_difference(every_outcome, capsys):
    row = DayFigure.objects.filter(measure=Measure.RECEIVED, count__gt=0).first()
    DayFigure.objects.filter(pk=row.pk).update(count=row.count + 3)
    OpenFigure.objects.filter(state=OpenState.WAITING).delete()
    with pytest.raises(SystemExit) as stop:
        call_command("check_stats")
    assert stop.value.code == 1
    out = capsys.readouterr().out
    key = f"{row.day.isoformat()} {row.agency} {row.procedure} received {row.counter}"
    assert f"{key}: recount {row.count}, stored {row.count + 3}" in out
    assert "waiting" in out


def test_rebuild_after_damage_equals_the_recount(every_outcome):
    before = recount.stored()
    DayFigure.objects.all().delete()
    StepFigure.objects.update(count=99)
    assert _check() == 1
    call_command("rebuild_stats", stdout=io.StringIO())
    assert _check() == 0
    assert recount.stored() == before


def test_rebuild_in_several_id_ranges_counts_each_dossier_once(every_outcome, monkeypatch):
    monkeypatch.setattr(recount, "BATCH", 3)
    whole = recount.stored()
    call_command("rebuild_stats", stdout=io.StringIO())
    assert recount.stored() == whole


def test_a_receipt_and_its_return_are_counted_on_their_days(cast, flows):
    d = receive(cast, flows.simple, now=MONDAY)
    day = timezone.localdate(MONDAY)
    received = DayFigure.objects.get(measure=Measure.RECEIVED, day=day, procedure=d.procedure_id)
    # Counted for the department that resolves it (its approving step's), not the centre that received it.
    assert d.receiving_agency != cast.province.justice == d.competent_agency
    assert received.count == 1 and received.agency == cast.province.justice.pk
    assert OpenFigure.objects.get(state=OpenState.RUNNING, procedure=d.procedure_id).count == 1
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(2))
    d = step(d, "approve", cast.leader, MONDAY + hours(3))
    d = step(d, "return_result", cast.desk_officer, MONDAY + hours(4))
    assert Dossier.objects.get(pk=d.pk).timeliness == "early"
    assert DayFigure.objects.get(measure=Measure.EARLY, procedure=d.procedure_id).count == 1
    assert DayFigure.objects.get(measure=Measure.RETURNED, procedure=d.procedure_id).count == 1
    assert not OpenFigure.objects.exclude(count=0).exists()
    # Four stays closed: receive, process, approve, return, each within its first bucket(s) of hours.
    assert sum(StepFigure.objects.values_list("count", flat=True)) == 4
    assert _check() == 0


def test_a_move_that_is_refused_changes_no_figure(cast, flows):
    d = receive(cast, flows.simple, now=MONDAY)
    before = recount.stored()
    from egov.dossiers.services import TransitionRefused

    with pytest.raises(TransitionRefused):
        step(d, "return_result", cast.desk_officer, MONDAY + dt.timedelta(hours=1))
    assert recount.stored() == before
