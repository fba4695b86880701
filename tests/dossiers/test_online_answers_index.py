"""The counter's record against the acceptance limit of online submissions (Decree 118/2025 art. 17.2.c),
read from the history's indexed answer columns (online_queue.online_limits), equals a recount from the events'
own data, and the migration that added the columns fills them for the answers written before."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.dossiers import intake, online_queue
from egov.dossiers.models import Dossier, DossierEvent, Status
from egov.organizations.models import Role
from tests.dossiers.conftest import APPLICANT, MONDAY, hours, step
from tests.factories import make_staff

Figures = set[tuple[int, int, int, int]]


def recount(
    agency_ids: list[int],
    now: dt.datetime,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Figures:
    """The panel's figures counted in Python from every history row's data and every dossier: (agency,
    answered on time, answered late, waiting past the limit), agencies with nothing left out."""
    rows: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for e in DossierEvent.objects.select_related("dossier"):
        agency = e.dossier.receiving_agency_id
        if e.action not in online_queue.ONLINE_ANSWERS or "accept_late" not in e.data:
            continue
        if agency not in agency_ids or (since and e.at < since) or (until and e.at >= until):
            continue
        rows[agency][0] += e.data["accept_late"] is False
        rows[agency][1] += e.data["accept_late"] is True
    for d in Dossier.objects.all():
        waiting = d.status == Status.SUBMITTED and d.accept_due_at is not None and d.accept_due_at < now
        if waiting and d.receiving_agency_id in agency_ids:
            rows[d.receiving_agency_id][2] += 1
    return {(agency, *counts) for agency, counts in rows.items()}  # type: ignore[misc]


def panel(agency_ids: list[int], now: dt.datetime, **period: Any) -> Figures:
    rows = online_queue.online_limits(agency_ids, now=now, **period)
    return {(r.agency_id, r.on_time, r.late, r.pending_late) for r in rows}


def answered(cast: Any, flows: Any) -> list[int]:
    """A hand-made set of answers in two communes: on time and late, each kind of answer, a submission
    answered twice (asked to complete, then accepted), answers outside the period asked below, submissions
    waiting past their limit and within it, and a counter-received dossier (no limit, no answer)."""
    p = cast.province
    desk_b = make_staff("motcua.bacson", p.commune_b, (Role.DESK_OFFICER,), "Đỗ Minh Châu")

    def submit(agency: Any, now: dt.datetime = MONDAY) -> Dossier:
        return intake.submit_online(procedure=flows.simple, agency=agency, applicant=APPLICANT, now=now)

    a, b, desk_a = p.commune_a, p.commune_b, cast.desk_officer
    step(submit(a), "accept", desk_a, MONDAY + hours(1))  # on time
    step(submit(a), "accept", desk_a, MONDAY + hours(30))  # late
    step(submit(a), "reject", desk_a, MONDAY + hours(2), reason="Không thuộc thẩm quyền")  # on time
    twice = step(submit(a), "ask_to_complete", desk_a, MONDAY + hours(3), reason="Thiếu tờ khai")
    twice = step(twice, "resubmit", desk_a, MONDAY + hours(4))
    step(twice, "accept", desk_a, MONDAY + hours(80))  # late, on its new limit
    step(submit(a, MONDAY - hours(200)), "accept", desk_a, MONDAY - hours(100))  # late, before the period
    step(submit(a, MONDAY + hours(300)), "accept", desk_a, MONDAY + hours(301))  # on time, after it
    submit(a)  # waiting, its limit long past
    submit(a, MONDAY + hours(150))  # waiting, within its limit at the moment asked below
    step(submit(b), "reject", desk_b, MONDAY + hours(40), reason="Không thuộc thẩm quyền")  # late
    submit(b)  # waiting past the limit
    intake.receive(actor=desk_a.user, procedure=flows.simple, agency=a, applicant=APPLICANT, now=MONDAY)
    return [a.pk, b.pk]


@pytest.mark.django_db
def test_the_panel_equals_a_recount_from_the_events(cast: Any, flows: Any) -> None:
    agencies = answered(cast, flows)
    now = MONDAY + hours(151)
    a, b = agencies
    # The figures themselves, so that the recount cannot agree with an empty panel.
    assert panel(agencies, now) == {(a, 4, 3, 1), (b, 0, 1, 1)} == recount(agencies, now)
    period = {"since": MONDAY, "until": MONDAY + hours(200)}
    assert panel(agencies, now, **period) == {(a, 3, 2, 1), (b, 0, 1, 1)} == recount(agencies, now, **period)
    assert panel([b], now) == recount([b], now)
    # Before anything was submitted: nothing waits, and only answers count.
    assert panel(agencies, MONDAY - hours(300)) == recount(agencies, MONDAY - hours(300))


@pytest.mark.django_db
def test_the_columns_are_written_with_the_answer_and_only_there(cast: Any, flows: Any) -> None:
    answered(cast, flows)
    rows = list(DossierEvent.objects.select_related("dossier"))
    assert len([e for e in rows if e.answer_agency_id]) == 8
    for e in rows:
        is_answer = "accept_late" in e.data
        assert e.answer_agency_id == (e.dossier.receiving_agency_id if is_answer else None)
        assert e.accept_late == e.data.get("accept_late")


def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_columns_of_the_answers_written_before(cast: Any, flows: Any) -> None:
    agencies = answered(cast, flows)
    now = MONDAY + hours(151)
    # An answer whose data has the key without a true or false value (never written by the code, possible
    # in a database): the old count listed its agency with nothing on time or late; so does the column.
    center = cast.province.center
    lone = intake.submit_online(procedure=flows.simple, agency=center, applicant=APPLICANT, now=MONDAY)
    Dossier.objects.filter(pk=lone.pk).update(status=Status.NOT_ACCEPTED)
    DossierEvent.objects.create(
        dossier=lone,
        action="reject",
        at=MONDAY,
        actor_name="x",
        to_status="not_accepted",
        data={"accept_late": None},
    )
    agencies.append(center.pk)
    expected = recount(agencies, now)
    assert (center.pk, 0, 0, 0) in expected
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate([("dossiers", "0019_fee_why_and_catalogue_line")])  # drops the columns
    finally:
        migrate(latest)
    assert panel(agencies, now) == expected
    period = {"since": MONDAY, "until": MONDAY + hours(200)}
    assert panel(agencies, now, **period) == recount(agencies, now, **period)
