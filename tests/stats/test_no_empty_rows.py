"""A move deletes the summary rows it leaves counting nothing: the open table holds the open dossiers' keys,
not a row at zero for every dossier ever handled (which "open now" would read for ever)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from egov.stats.models import DayFigure, OpenFigure, StepFigure
from tests.dossiers.conftest import MONDAY, hours, receive, step


def test_a_dossier_taken_to_its_end_leaves_no_open_row_behind(cast, flows):
    d = receive(cast, flows.simple, now=MONDAY)
    assert OpenFigure.objects.filter(count__gt=0).exists()
    d = step(d, "forward", cast.desk_officer, MONDAY + hours(1))
    d = step(d, "assign", cast.specialist, MONDAY + hours(2), handler=cast.specialist.user)
    d = step(d, "submit_for_approval", cast.specialist, MONDAY + hours(3))
    d = step(d, "approve", cast.leader, MONDAY + hours(4))
    assert OpenFigure.objects.filter(count__gt=0).exists()  # its result waits to be handed back
    step(d, "return_result", cast.desk_officer, MONDAY + hours(5))
    assert not OpenFigure.objects.exists()
    for model in (OpenFigure, DayFigure, StepFigure):
        assert not model.objects.filter(count=0).exists()
    out = StringIO()
    call_command("check_stats", stdout=out)
    assert "equal the recount" in out.getvalue()


def test_a_row_another_dossier_still_counts_is_kept(cast, flows):
    first = receive(cast, flows.simple, now=MONDAY)
    receive(cast, flows.simple, now=MONDAY)
    before = OpenFigure.objects.get(count=2)  # both waiting at the same counter, same procedure and state
    step(first, "forward", cast.desk_officer, MONDAY + hours(1))
    assert OpenFigure.objects.get(pk=before.pk).count == 1
