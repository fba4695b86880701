"""What the keeping of the summary tables does to cost fewer statements per move (issue 14,
docs/performance.md), and that the figures stay exact by it. No rule of law is involved."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egov.dossiers import demo
from egov.dossiers.models import StepVisit
from egov.stats import keeping
from egov.stats.models import DayFigure, OpenFigure, OpenState

pytestmark = pytest.mark.django_db


def test_the_visits_read_by_the_kept_statement_equal_the_orm_s(cast, flows) -> None:
    """Dates, moments and decimals come back converted exactly as the ORM converts them, on each engine."""
    made = demo.build_demo(cast.province.root, per_flow=1)
    compared = 0
    for d in made:
        orm = list(
            StepVisit.objects.filter(dossier_id=d.pk, finished_at__isnull=False).values_list(
                *keeping.VisitRow._fields
            )
        )
        assert [tuple(row) for row in keeping._visits_of(d.pk)] == orm
        compared += len(orm)
    assert compared


def test_one_statement_adds_to_existing_rows_and_inserts_new_ones_in_a_table(cast, flows) -> None:
    day = keeping.NO_DUE.date()
    keeping.apply(Counter(), Counter({("day", day, 1, 2, "received", 1): 1}))
    before = Counter({("day", day, 1, 2, "received", 1): 1})
    after = Counter({("day", day, 1, 2, "received", 1): 3, ("day", day, 1, 3, "received", 1): 2})
    with CaptureQueriesContext(connection) as log:
        keeping.apply(before, after)
    # Besides the moment the summaries were written (once a minute, keeping._note_written).
    table = DayFigure._meta.db_table
    assert len([q for q in log.captured_queries if table in q["sql"]]) == 1
    counts = dict(DayFigure.objects.values_list("procedure", "count"))
    assert counts == {2: 3, 3: 2}


def test_a_change_taken_away_lowers_the_count(cast, flows) -> None:
    key = ("open", 1, 2, 0, OpenState.RUNNING, keeping.NO_DUE, 0)
    keeping.apply(Counter(), Counter({key: 2}))
    keeping.apply(Counter({key: 1}), Counter())
    assert OpenFigure.objects.get().count == 1
